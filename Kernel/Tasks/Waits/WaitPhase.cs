namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Where a <see cref="Wait"/> is in its life. Every completion and every cancel first
    /// <em>claims</em> the wait (Armed or Parked → Claimed); only the one claim that succeeds
    /// acts, so a wait ends exactly once (docs/waits.md; on SMP the claim is the one
    /// compare-and-swap).
    /// </summary>
    public enum WaitPhase : byte
    {
        /// <summary>Not in use: the thread is not waiting on this object.</summary>
        Idle = 0,
        /// <summary>Registered with what it waits on (visible to completers); the thread has not left the CPU yet.</summary>
        Armed = 1,
        /// <summary>The thread is Blocked, off the run queue (and in the timer queue if it has a deadline).</summary>
        Parked = 2,
        /// <summary>A completer or a canceller owns it; it returns to Idle when the thread is woken or freed.</summary>
        Claimed = 3,
    }
}
