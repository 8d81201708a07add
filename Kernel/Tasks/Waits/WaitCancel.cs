namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Why a <see cref="Wait"/> ends without its event. The waiting kind undoes its registration
    /// the same way for all three; they differ in what happens to the thread: a timeout wakes it
    /// with the kind's timeout result, a kill or an exit frees it (nothing returns to it).
    /// </summary>
    public enum WaitCancel
    {
        /// <summary>The deadline passed (the timer path).</summary>
        Timeout = 1,
        /// <summary>Its process was killed (SYS_PROCESS_KILL, a fault, the parent's death).</summary>
        Kill = 2,
        /// <summary>Its process exited (SYS_EXIT or the last SYS_THREAD_EXIT by a sibling).</summary>
        Exit = 3,
    }
}
