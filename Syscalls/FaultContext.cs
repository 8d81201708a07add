namespace Veridian.Syscalls
{
    /// <summary>
    /// What a ring-3 fault handler receives (SYS_EXCEPTION_HANDLER_SET): the fault and every
    /// general register of the faulting thread at the faulting instruction, 168 bytes, written
    /// by the kernel on the thread's stack (or its handler stack), 16-byte aligned. The handler
    /// may edit it and hand it to SYS_EXCEPTION_RETURN, which resumes the thread with these
    /// registers (rip and rsp checked, rflags sanitised). Mutable on purpose: editing it is the
    /// point. The register names are x86_64's; another architecture maps its own registers
    /// onto these slots in order (docs/abi.md §12a).
    /// </summary>
    public struct FaultContext
    {
        /// <summary>Offset 0: what happened (never None).</summary>
        public FaultCode Code;
        /// <summary>Offset 4: 0.</summary>
        public uint Reserved;
        /// <summary>Offset 8: the faulting data address for page faults (CR2), the faulting instruction otherwise.</summary>
        public ulong Address;
        /// <summary>Offset 16: the CPU's error code (page fault: present/write/user/fetch bits; #GP: selector), 0 if none.</summary>
        public ulong ErrorCode;

        /// <summary>Offsets 24 (rax) .. 80 (rsp), 8 bytes each, in this order.</summary>
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, Rsp;
        /// <summary>Offsets 88 (r8) .. 144 (r15).</summary>
        public ulong R8, R9, R10, R11, R12, R13, R14, R15;
        /// <summary>Offset 152: the faulting instruction; offset 160: the flags.</summary>
        public ulong Rip, Rflags;
    }
}
