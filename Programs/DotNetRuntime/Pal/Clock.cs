using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>Time for Stopwatch, Environment.TickCount and timeouts: SYS_CLOCK_GET.</summary>
    internal static class Clock
    {
        public static long MonotonicNanoseconds() => Nanoseconds(ClockId.Monotonic);

        public static long RealtimeNanoseconds() => Nanoseconds(ClockId.Realtime);

        private static long Nanoseconds(ClockId clock)
        {
            SysResult<Timespec> t = Sys.ClockGet(clock);
            return t.IsOk ? t.Value.Seconds * Timespec.NanosecondsPerSecond + t.Value.Nanoseconds : 0;
        }
    }
}
