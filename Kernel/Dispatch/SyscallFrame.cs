namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// The registers of one syscall, architecture-neutral: the number, six arguments, and the
    /// one return register. The architecture layer fills it from the trap frame and copies
    /// <see cref="Return"/> back (x86_64: rax; rdi rsi rdx r10 r8 r9 — r10 replaces rcx, which
    /// the syscall instruction clobbers. AArch64: x8; x0..x5; result in x0).
    /// </summary>
    public struct SyscallFrame
    {
        public ulong Number;
        public ulong Arg0;
        public ulong Arg1;
        public ulong Arg2;
        public ulong Arg3;
        public ulong Arg4;
        public ulong Arg5;
        public ulong Return;

        public SyscallFrame(ulong number, ulong arg0, ulong arg1, ulong arg2, ulong arg3, ulong arg4, ulong arg5)
        {
            Number = number;
            Arg0 = arg0;
            Arg1 = arg1;
            Arg2 = arg2;
            Arg3 = arg3;
            Arg4 = arg4;
            Arg5 = arg5;
            Return = 0;
        }

        public static SyscallFrame FromX86_64(ulong rax, ulong rdi, ulong rsi, ulong rdx, ulong r10, ulong r8, ulong r9)
        {
            return new SyscallFrame(rax, rdi, rsi, rdx, r10, r8, r9);
        }

        public static SyscallFrame FromAArch64(ulong x8, ulong x0, ulong x1, ulong x2, ulong x3, ulong x4, ulong x5)
        {
            return new SyscallFrame(x8, x0, x1, x2, x3, x4, x5);
        }
    }
}
