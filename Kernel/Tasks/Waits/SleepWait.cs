using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>SYS_NANOSLEEP: waits for nothing but its deadline, so it is registered nowhere but the timer queue.</summary>
    public sealed class SleepWait : Wait
    {
        internal SleepWait(KernelServices kernel, Thread thread) : base(WaitKind.Sleep, kernel, thread)
        {
        }

        internal SleepWait Begin(ulong deadline)
        {
            Arm(deadline);
            return this;
        }

        protected override void Withdraw(WaitCancel reason)
        {
        }

        /// <summary>Reaching the deadline is what a sleep asked for.</summary>
        protected override SyscallError TimeoutResult => SyscallError.Success;
    }
}
