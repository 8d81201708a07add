namespace Veridian.Syscalls
{
    /// <summary>
    /// What a ring-3 fault handler receives (SYS_EXCEPTION_HANDLER_SET) and what
    /// SYS_THREAD_SUSPEND reports: the fault and the faulting thread's registers at the faulting
    /// instruction, written by the kernel on the thread's stack (or its handler stack), 16-byte
    /// aligned. The handler may edit it and hand it to SYS_EXCEPTION_RETURN, which resumes the
    /// thread with these registers (pc and sp checked, the flags sanitised). Mutable on purpose:
    /// editing it is the point. The first 40 bytes are the same on every architecture; the rest
    /// is the architecture's <see cref="RegisterFile"/> (Syscalls/&lt;arch&gt;/RegisterFile.cs,
    /// docs/abi.md §12a; x86_64: 128 bytes, 168 in all).
    /// </summary>
    public struct FaultContext
    {
        /// <summary>Offset 0: what happened (never None).</summary>
        public FaultCode Code;
        /// <summary>Offset 4: 0.</summary>
        public uint Reserved;
        /// <summary>Offset 8: the faulting data address for page faults, the faulting instruction otherwise.</summary>
        public ulong Address;
        /// <summary>Offset 16: the CPU's error code for the fault (per architecture, docs/abi.md §12a), 0 if none.</summary>
        public ulong ErrorCode;
        /// <summary>Offset 24: the program counter: the faulting instruction (a breakpoint: the one after it).</summary>
        public ulong Pc;
        /// <summary>Offset 32: the stack pointer at the fault.</summary>
        public ulong Sp;
        /// <summary>Offset 40: every other register of the architecture, in its own layout.</summary>
        public RegisterFile Registers;
    }
}
