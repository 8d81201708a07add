using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_CLOCK_GET, SYS_NANOSLEEP, SYS_YIELD.</summary>
    public static class TimeSyscalls
    {
        /// <summary>clock_get(clock_id, out Timespec*) → 0.</summary>
        [SyscallHandler(SyscallNumber.ClockGet)]
        public static SyscallResult ClockGet(KernelServices k, Thread caller, ClockId clock, UserOutPtr<Timespec> time)
        {
            ulong ns;
            switch ((ulong)clock)
            {
                case (ulong)ClockId.Monotonic: ns = k.Clock.Monotonic; break;
                case (ulong)ClockId.Realtime: ns = k.Clock.Realtime; break;
                default: return SyscallError.InvalidParameter;
            }
            return UserMemory.Write(caller.Process.Memory, time.Address, Timespec.FromNanoseconds(ns));
        }

        /// <summary>nanosleep(const Timespec*): zero sleeps just yield; otherwise block until the deadline.</summary>
        [SyscallHandler(SyscallNumber.Nanosleep)]
        public static SyscallResult Nanosleep(KernelServices k, Thread caller, UserPtr<Timespec> durationPointer)
        {
            SyscallError e = UserMemory.Read(caller.Process.Memory, durationPointer.Address, out Timespec duration);
            if (e != SyscallError.Success)
                return e;
            if (!duration.IsValid)
                return SyscallError.InvalidParameter;
            ulong ns = duration.ToNanosecondsSaturating();
            if (ns == 0)
            {
                k.Scheduler.Yield(caller);
                return SyscallError.Success;
            }
            return SyscallResult.BlockedOn(k.Tasks.BeginSleep(caller, k.Clock.DeadlineFor(ns == ulong.MaxValue ? ulong.MaxValue - 1 : ns)));
        }

        [SyscallHandler(SyscallNumber.Yield)]
        public static SyscallResult Yield(KernelServices k, Thread caller)
        {
            k.Scheduler.Yield(caller);
            return SyscallError.Success;
        }
    }
}
