namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// SYS_PROCESS_WAIT on a child still running: registered as the child's
    /// <see cref="Process.Waiter"/> (one waiter per child); completed by the child's end, which
    /// writes the exit info to the waiter's memory and reaps the child.
    /// </summary>
    public sealed class ProcessWait : Wait
    {
        /// <summary>The child waited for; meaningful only while the wait is armed or parked.</summary>
        public Process Child { get; private set; }
        /// <summary>Where the <see cref="Syscalls.ProcessExitInfo"/> goes in the waiter's memory (probed writable when the wait began).</summary>
        public ulong Out { get; private set; }

        internal ProcessWait(KernelServices kernel, Thread thread) : base(WaitKind.ProcessWait, kernel, thread)
        {
        }

        internal ProcessWait Begin(Process child, ulong outPointer, ulong deadline)
        {
            Arm(deadline);
            Child = child;
            Out = outPointer;
            child.Waiter = this;
            return this;
        }

        /// <summary>The child has ended (a zombie with its exit info): deliver it and reap the child.</summary>
        internal bool ChildEnded()
        {
            if (!Claim())
                return false;
            Process child = Child;
            Child = null;
            Finish(Kernel.Tasks.CollectExit(child, Thread.Process.Memory, Out), 0);
            return true;
        }

        protected override void Withdraw(WaitCancel reason)
        {
            if (Child.Waiter == this)
                Child.Waiter = null;
            Child = null;
        }
    }
}
