namespace Veridian.Syscalls
{
    /// <summary>
    /// A time value, 16 bytes: seconds then nanoseconds (0 &lt;= Nanoseconds &lt; 1e9).
    /// Written by SYS_CLOCK_GET to user memory, read by SYS_NANOSLEEP from user memory.
    /// </summary>
    public readonly struct Timespec
    {
        public const long NanosecondsPerSecond = 1_000_000_000;

        public readonly long Seconds;
        public readonly long Nanoseconds;

        public Timespec(long seconds, long nanoseconds)
        {
            Seconds = seconds;
            Nanoseconds = nanoseconds;
        }

        public static Timespec FromNanoseconds(ulong ns)
        {
            return new Timespec((long)(ns / NanosecondsPerSecond), (long)(ns % NanosecondsPerSecond));
        }

        /// <summary>True if both fields are in range (non-negative seconds, nanoseconds below 1e9).</summary>
        public bool IsValid => Seconds >= 0 && Nanoseconds >= 0 && Nanoseconds < NanosecondsPerSecond;

        /// <summary>Total nanoseconds, saturating at ulong.MaxValue. Only for valid values.</summary>
        public ulong ToNanosecondsSaturating()
        {
            ulong s = (ulong)Seconds;
            if (s > (ulong.MaxValue - (ulong)Nanoseconds) / (ulong)NanosecondsPerSecond)
                return ulong.MaxValue;
            return s * (ulong)NanosecondsPerSecond + (ulong)Nanoseconds;
        }
    }
}
