namespace Veridian.Syscalls
{
    /// <summary>Architecture-neutral fault classes reported in <see cref="ProcessExitInfo.FaultCode"/>.</summary>
    public enum FaultCode : uint
    {
        None = 0,
        /// <summary>Access to an unmapped address or against the page's protection.</summary>
        PageFault = 1,
        /// <summary>Undefined or privileged instruction.</summary>
        IllegalInstruction = 2,
        /// <summary>Integer division by zero.</summary>
        DivideError = 3,
        /// <summary>General protection / alignment fault.</summary>
        ProtectionFault = 4,
        /// <summary>A demand-paging fault that could not get a frame.</summary>
        OutOfMemory = 5,
        /// <summary>A breakpoint instruction (int3) with nobody to handle it.</summary>
        Breakpoint = 6,
        /// <summary>A page fault just below the main thread's stack: the stack ran out.</summary>
        StackOverflow = 7,
    }
}
