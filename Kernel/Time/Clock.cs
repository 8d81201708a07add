using Veridian.Syscalls;

namespace Veridian.Kernel.Time
{
    /// <summary>
    /// The kernel's notion of time: a monotonic nanosecond counter that only the timer path
    /// (or a host test) advances, plus the offset that turns it into wall-clock time.
    /// Being advanced explicitly is what makes every timeout deterministic on the host.
    /// </summary>
    public sealed class Clock
    {
        /// <summary>
        /// The deadline of a wait without one. It is only a marker: such a wait is never put in
        /// the timer queue, so the clock reaching this value (it saturates there) ends nothing.
        /// </summary>
        public const ulong NoDeadline = ulong.MaxValue;

        private ulong monotonic;
        private ulong realtimeOffset;

        public ulong Monotonic => monotonic;
        public ulong Realtime => monotonic + realtimeOffset;

        /// <summary>Set at boot from the RTC: nanoseconds since the Unix epoch at monotonic 0.</summary>
        public void SetRealtimeOffset(ulong nanosecondsSinceEpochAtBoot)
        {
            realtimeOffset = nanosecondsSinceEpochAtBoot;
        }

        internal void Advance(ulong nanoseconds)
        {
            ulong next = monotonic + nanoseconds;
            monotonic = next < monotonic ? ulong.MaxValue : next;
        }

        /// <summary>
        /// The absolute deadline for a relative timeout; <see cref="NoDeadline"/> for WaitForever.
        /// A finite timeout that would pass the end of time saturates just below it: it is still
        /// a deadline, and it expires only if the clock itself saturates.
        /// </summary>
        public ulong DeadlineFor(ulong timeoutNs)
        {
            if (timeoutNs == Abi.WaitForever)
                return NoDeadline;
            if (timeoutNs >= ulong.MaxValue - monotonic)
                return ulong.MaxValue - 1;
            return monotonic + timeoutNs;
        }
    }
}
