using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    // TEMPORARY: replaced by the kernel branch's handlers at merge.
    public static class SuspendPlaceholder
    {
        [SyscallHandler(SyscallNumber.ThreadSuspend)]
        public static SyscallResult Suspend(KernelServices k, Thread caller, ThreadId thread, UserOutPtr<FaultContext> context) => SyscallError.NotSupported;

        [SyscallHandler(SyscallNumber.ThreadResume)]
        public static SyscallResult Resume(KernelServices k, Thread caller, ThreadId thread) => SyscallError.NotSupported;
    }
}
