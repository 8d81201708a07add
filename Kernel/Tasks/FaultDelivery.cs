using Veridian.Kernel.Memory;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Handing a ring-3 fault to the process's own handler (SYS_EXCEPTION_HANDLER_SET) instead
    /// of killing it: the kernel half of managed exceptions for null references, division by
    /// zero and stack overflow. The context goes on the faulting thread's stack below the red
    /// zone the SysV ABI lets leaf code use (or on the handler stack), through the normal
    /// user-pointer checks: a stack that cannot take it means the process dies as if it had
    /// no handler. One fault at a time per thread: a fault while the handler runs is fatal,
    /// so a broken handler cannot loop forever.
    /// </summary>
    public static unsafe class FaultDelivery
    {
        /// <summary>Bytes below the faulting stack pointer left alone: the SysV red zone.</summary>
        public const ulong RedZone = 128;

        /// <summary>
        /// True if the fault in <paramref name="context"/> (registers, code and address filled
        /// in) was written for the handler: the thread is now "in its handler" and resumes as
        /// <paramref name="handoff"/> says. False: no handler, a nested fault, or a bad stack.
        /// </summary>
        public static bool TryDeliver(Thread t, ref FaultContext context, out FaultHandoff handoff)
        {
            handoff = default;
            Process p = t.Process;
            if (p.FaultHandlerEntry == 0 || t.InFaultHandler)
                return false;
            ulong size = (ulong)sizeof(FaultContext);
            ulong top = p.FaultHandlerStack;
            if (top == 0)
            {
                if (context.Sp < RedZone)
                    return false;
                top = context.Sp - RedZone;
            }
            // Room for the context, the alignment and the fake return address, all in the user range.
            if (top > Abi.UserEnd || top < Abi.UserBase + size + 24)
                return false;
            ulong at = (top - size) & ~15UL;
            ulong sp = at - 8;                  // as after a call: sp % 16 == 8
            context.Reserved = 0;
            SyscallError e = UserMemory.Write(p.Memory, at, context);
            if (e == SyscallError.Success)
                e = UserMemory.Write(p.Memory, sp, 0UL);    // return address 0: a backtrace stops here
            if (e != SyscallError.Success)
                return false;
            t.InFaultHandler = true;
            handoff = new FaultHandoff(p.FaultHandlerEntry, sp, at);
            return true;
        }
    }
}
