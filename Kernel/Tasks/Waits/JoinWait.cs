using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// SYS_THREAD_JOIN on a sibling still running: registered as the target's
    /// <see cref="Thread.Joiner"/> (one joiner per thread); completed by the target's exit.
    /// </summary>
    public sealed class JoinWait : Wait
    {
        /// <summary>The thread joined; meaningful only while the wait is armed or parked.</summary>
        public Thread Target { get; private set; }

        internal JoinWait(KernelServices kernel, Thread thread) : base(WaitKind.Join, kernel, thread)
        {
        }

        internal JoinWait Begin(Thread target, ulong deadline)
        {
            Arm(deadline);
            Target = target;
            target.Joiner = this;
            return this;
        }

        /// <summary>The target exited with <paramref name="code"/> (and has been freed): the join returns it.</summary>
        internal bool TargetExited(int code)
        {
            if (!Claim())
                return false;
            Target = null;
            Finish(SyscallError.Success, (uint)code);
            return true;
        }

        protected override void Withdraw(WaitCancel reason)
        {
            // The target may have been freed first (its process is ending too): then it no longer names us.
            if (Target.Joiner == this)
                Target.Joiner = null;
            Target = null;
        }
    }
}
