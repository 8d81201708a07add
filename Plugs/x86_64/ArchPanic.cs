namespace Veridian.Plugs
{
    /// <summary>The architecture's half of a software panic (Plugs/Common calls it): x86_64 registers and backtrace.</summary>
    internal static class ArchPanic
    {
        public static void Here(string reason, ulong exceptionType, string message)
            => X64.Traps.PanicHere(reason, exceptionType, message);
    }
}
