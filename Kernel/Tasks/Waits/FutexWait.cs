namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// SYS_FUTEX_WAIT: registered in the <see cref="FutexTable"/> under (its process, the word's
    /// address); completed by SYS_FUTEX_WAKE on the same word, oldest waiter first.
    /// </summary>
    public sealed class FutexWait : Wait
    {
        // Links in its FutexTable bucket, and the word it waits on: only while InTable.
        internal FutexWait NextInBucket;
        internal FutexWait PrevInBucket;
        public ulong Address { get; internal set; }
        public bool InTable { get; internal set; }

        internal FutexWait(KernelServices kernel, Thread thread) : base(WaitKind.Futex, kernel, thread)
        {
        }

        internal FutexWait Begin(ulong address, ulong deadline)
        {
            Arm(deadline);
            Kernel.Tasks.Futexes.Add(this, address);
            return this;
        }

        protected override void Withdraw(WaitCancel reason)
        {
            // Before the thread is freed: the bucket is keyed by its process.
            Kernel.Tasks.Futexes.Remove(this);
        }
    }
}
