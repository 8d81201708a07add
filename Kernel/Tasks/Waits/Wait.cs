using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// One way a thread can block, as an object: what it waits on (the fields of the kind),
    /// where it is registered, and how that registration is undone. The service that blocks
    /// owns the kind: it begins the wait, completes it when the event comes, and the kind's
    /// <see cref="Withdraw"/> says how a timeout, a kill or an exit undoes it (docs/waits.md).
    /// <para>
    /// No wait is allocated per block: each service makes one object of each of its kinds per
    /// thread slot at boot, and a thread is in at most one wait at a time, so beginning a wait
    /// is filling in fields. Every path out of a wait goes through <see cref="Claim"/>, so a
    /// wait ends exactly once: a cancelled wait cannot be completed afterwards, and a completed
    /// one cannot be cancelled (no double wake, no wake lost to a race).
    /// </para>
    /// </summary>
    public abstract class Wait
    {
        public readonly WaitKind Kind;
        /// <summary>The thread slot this object belongs to (for its whole life: the slot's thread is reused, not remade).</summary>
        public readonly Thread Thread;
        protected readonly KernelServices Kernel;

        public WaitPhase Phase { get; private set; }
        /// <summary>When a timeout cancels it; <see cref="Time.Clock.NoDeadline"/> for none (then it is never in the timer queue).</summary>
        public ulong Deadline { get; private set; }
        // Whether the thread had left the CPU when the wait was claimed: only then does waking put it on the run queue.
        private bool parkedWhenClaimed;

        // Links in the TimerQueue: only while Parked with a finite deadline.
        internal Wait NextTimer;
        internal Wait PrevTimer;
        public bool InTimerQueue { get; internal set; }

        protected Wait(WaitKind kind, KernelServices kernel, Thread thread)
        {
            Kind = kind;
            Kernel = kernel;
            Thread = thread;
            Deadline = Time.Clock.NoDeadline;
        }

        /// <summary>
        /// The first step of every kind's Begin: the thread is now waiting on this (its
        /// <see cref="Tasks.Thread.Wait"/>). The kind registers itself where completers look only
        /// after this, so nothing can see a wait that is not armed (on SMP this is the order
        /// that lets a completion on another CPU arrive before the thread has left its own).
        /// </summary>
        protected void Arm(ulong deadline)
        {
            if (Phase != WaitPhase.Idle || Thread.Wait != null)
                throw new System.InvalidOperationException("a thread began a second wait");
            Deadline = deadline;
            Phase = WaitPhase.Armed;
            Thread.Wait = this;
        }

        /// <summary>The block did not happen after all (a check after arming failed) and nothing saw the wait: back to Idle.</summary>
        protected void Disarm()
        {
            if (Phase != WaitPhase.Armed)
                throw new System.InvalidOperationException("disarming a wait that is not armed");
            Phase = WaitPhase.Idle;
            Thread.Wait = null;
        }

        /// <summary>The dispatcher's half of blocking: Armed → Parked. False if the wait has already ended (SMP: completed from elsewhere before the thread left the CPU).</summary>
        internal bool TryPark()
        {
            if (Phase != WaitPhase.Armed)
                return false;
            Phase = WaitPhase.Parked;
            return true;
        }

        /// <summary>
        /// Takes the wait for whoever ends it: true for exactly one caller per wait (the one
        /// that then acts: writes the results, calls <see cref="Finish"/>); false if it is not
        /// waiting (already completed or cancelled, or never begun). One CPU: a compare; SMP:
        /// a compare-and-swap of the phase.
        /// </summary>
        public bool Claim()
        {
            if (Phase != WaitPhase.Armed && Phase != WaitPhase.Parked)
                return false;
            parkedWhenClaimed = Phase == WaitPhase.Parked;
            Phase = WaitPhase.Claimed;
            return true;
        }

        /// <summary>After a successful <see cref="Claim"/>: the thread's syscall returns (error, value) and the thread is runnable again.</summary>
        public void Finish(SyscallError error, ulong value) => FinishInPlaceOf(null, error, value);

        /// <summary>
        /// <see cref="Finish"/> for a direct switch: the thread runs in <paramref name="running"/>'s
        /// place in the run queue (right behind it; <paramref name="running"/> is about to block),
        /// instead of at the back (null: at the back, which is <see cref="Finish"/>). The IPC fast
        /// path ends a receive this way.
        /// </summary>
        public void FinishInPlaceOf(Thread running, SyscallError error, ulong value)
        {
            if (Phase != WaitPhase.Claimed)
                throw new System.InvalidOperationException("finishing a wait that was not claimed");
            Phase = WaitPhase.Idle;
            Kernel.Tasks.WakeFromWait(this, SyscallReturn.Encode(error, value), parkedWhenClaimed, running);
        }

        /// <summary>Claim and finish in one, for a completer with nothing to do in between. False (and nothing done) if the wait had already ended.</summary>
        public bool Complete(SyscallError error, ulong value)
        {
            if (!Claim())
                return false;
            Finish(error, value);
            return true;
        }

        /// <summary>
        /// Ends the wait without its event: the kind withdraws its registration; a timeout
        /// then wakes the thread with <see cref="TimeoutResult"/>, a kill or an exit leaves it
        /// to be freed. False (and nothing done) if the wait had already ended.
        /// </summary>
        public bool Cancel(WaitCancel reason)
        {
            if (!Claim())
                return false;
            Withdraw(reason);
            if (reason == WaitCancel.Timeout)
            {
                Finish(TimeoutResult, 0);
                return true;
            }
            Phase = WaitPhase.Idle;
            Kernel.Tasks.ReleaseWait(this);
            return true;
        }

        /// <summary>Undo this kind's registration (the queue, table or object it is linked from). Runs once, with the wait claimed.</summary>
        protected abstract void Withdraw(WaitCancel reason);

        /// <summary>What the syscall returns when the deadline passes.</summary>
        protected virtual SyscallError TimeoutResult => SyscallError.Timeout;
    }
}
