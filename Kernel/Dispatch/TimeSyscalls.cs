using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_CLOCK_GET, SYS_NANOSLEEP, SYS_YIELD.</summary>
    public static class TimeSyscalls
    {
        /// <summary>clock_get(clock_id, out Timespec*) → 0.</summary>
        public static SyscallError ClockGet(KernelServices k, Thread caller, ref SyscallFrame f, out ulong value)
        {
            value = 0;
            ulong ns;
            switch (f.Arg0)
            {
                case (ulong)ClockId.Monotonic: ns = k.Clock.Monotonic; break;
                case (ulong)ClockId.Realtime: ns = k.Clock.Realtime; break;
                default: return SyscallError.InvalidParameter;
            }
            return UserMemory.Write(caller.Process.Memory, f.Arg1, Timespec.FromNanoseconds(ns));
        }

        /// <summary>nanosleep(const Timespec*): zero sleeps just yield; otherwise block until the deadline.</summary>
        public static SyscallError Nanosleep(KernelServices k, Thread caller, ref SyscallFrame f, out ulong value)
        {
            value = 0;
            SyscallError e = UserMemory.Read(caller.Process.Memory, f.Arg0, out Timespec duration);
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
            k.Tasks.Block(caller, WaitKind.Sleep, k.Clock.DeadlineFor(ns == ulong.MaxValue ? ulong.MaxValue - 1 : ns));
            return SyscallError.Success;
        }

        public static SyscallError Yield(KernelServices k, Thread caller, ref SyscallFrame f, out ulong value)
        {
            value = 0;
            k.Scheduler.Yield(caller);
            return SyscallError.Success;
        }
    }
}
