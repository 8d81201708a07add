namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// The registers of one syscall, architecture-neutral: the number, six arguments, and the
    /// one return register. The architecture layer fills it from its trap frame and copies
    /// <see cref="Return"/> back; which register is which is the plug's business
    /// (Plugs/&lt;arch&gt;/UserMode.cs; the table per architecture is docs/abi.md §1).
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
    }
}
