using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// SYS_EXCEPTION_HANDLER_SET and SYS_EXCEPTION_RETURN: a process catches its own ring-3
    /// faults (what a managed runtime turns into NullReferenceException, DivideByZeroException,
    /// stack overflow). The delivery itself is <see cref="FaultDelivery"/>; the architecture
    /// layer maps the registers.
    /// </summary>
    public static class ExceptionSyscalls
    {
        /// <summary>
        /// handler_set(entry, stack_top): entry 0 removes the handler (faults kill again; then
        /// stack_top must be 0 too). Otherwise entry must lie in an executable mapping and a
        /// non-zero stack_top in the user range (InvalidAddress); the handler stack is checked
        /// page by page when a fault is written to it, so it may be mapped later.
        /// </summary>
        [SyscallHandler(SyscallNumber.ExceptionHandlerSet)]
        public static unsafe SyscallResult HandlerSet(KernelServices k, Thread caller, ulong entry, ulong stackTop)
        {
            Process p = caller.Process;
            if (entry == 0)
            {
                if (stackTop != 0)
                    return SyscallError.InvalidParameter;
                p.FaultHandlerEntry = 0;
                p.FaultHandlerStack = 0;
                return SyscallError.Success;
            }
            if (!AddressSpace.IsUserRange(entry, 1) || !p.Memory.IsMappedWith(entry, entry + 1, ProtectionFlags.Exec))
                return SyscallError.InvalidAddress;
            if (stackTop != 0 && (stackTop > Abi.UserEnd || stackTop < Abi.UserBase + (ulong)sizeof(FaultContext) + 24))
                return SyscallError.InvalidAddress;
            p.FaultHandlerEntry = entry;
            p.FaultHandlerStack = stackTop;
            return SyscallError.Success;
        }

        /// <summary>
        /// exception_return(context): the calling thread, in its fault handler, continues with
        /// the registers in <paramref name="context"/> (pc and sp must be lower-half
        /// addresses, InvalidAddress; the flags are sanitised by the architecture layer). Not
        /// in a handler: InvalidParameter. On success nothing returns to the handler: the
        /// architecture layer resumes <see cref="Thread.ResumeContext"/> instead.
        /// </summary>
        [SyscallHandler(SyscallNumber.ExceptionReturn)]
        public static SyscallResult Return(KernelServices k, Thread caller, UserPtr<FaultContext> context)
        {
            SyscallError e = UserMemory.Read(caller.Process.Memory, context.Address, out FaultContext c);
            if (e != SyscallError.Success)
                return e;
            if (c.Pc >= Abi.UserEnd || c.Sp >= Abi.UserEnd)
                return SyscallError.InvalidAddress;
            if (!caller.InFaultHandler)
                return SyscallError.InvalidParameter;
            caller.InFaultHandler = false;
            caller.ResumeContext = c;
            caller.ResumePending = true;
            return SyscallError.Success;
        }
    }
}
