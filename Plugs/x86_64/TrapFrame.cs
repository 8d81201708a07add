namespace Veridian.Plugs.X64
{
    /// <summary>
    /// What traps.asm's trap_common leaves on the stack, lowest address first: the general
    /// registers in reverse push order, the vector and error code, then the CPU's own frame.
    /// 15 registers + vector + error + 5 CPU words = 22 words (176 bytes), so the stack stays
    /// 16-byte aligned for the fxsave area and the call into C#. Which of them carry a syscall's
    /// number, arguments and result is generated from Syscalls/x86_64/SyscallConvention.cs
    /// (<c>ToSyscallFrame</c>, <c>SetSyscallResult</c>).
    /// </summary>
    [Veridian.Syscalls.SyscallTrapFrame]
    public partial struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;
    }
}
