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

        /// <summary>The absolute deadline for a relative timeout; ulong.MaxValue means none.</summary>
        public ulong DeadlineFor(ulong timeoutNs)
        {
            if (timeoutNs == Abi.WaitForever)
                return ulong.MaxValue;
            if (timeoutNs >= ulong.MaxValue - monotonic)
                return ulong.MaxValue - 1;
            return monotonic + timeoutNs;
        }
    }
}
