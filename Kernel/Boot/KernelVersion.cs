namespace Veridian.Kernel.Boot
{
    public static class KernelVersion
    {
        public const string Name = "VeridianOS for .NET";
        public const string Version = "0.1.0";
    }
}
