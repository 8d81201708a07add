namespace Veridian.Syscalls
{
    /// <summary>Clock ids for SYS_CLOCK_GET. Any other value is InvalidParameter.</summary>
    public enum ClockId : uint
    {
        /// <summary>Nanoseconds since boot; never jumps, never goes back.</summary>
        Monotonic = 0,
        /// <summary>Wall-clock time since the Unix epoch: Monotonic plus the boot-time offset.</summary>
        Realtime = 1,
    }
}
