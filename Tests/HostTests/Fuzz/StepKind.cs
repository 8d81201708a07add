namespace Veridian.Tests.Fuzz
{
    /// <summary>What a fuzz step does.</summary>
    public enum StepKind
    {
        Syscall,
        AdvanceTime,
        PageFault,
        Kill,
    }
}
