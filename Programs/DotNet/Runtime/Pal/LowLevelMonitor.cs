using System.Runtime;
using System.Threading;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// The mutex + condition variable CoreLib's own locks and waits are built on
    /// (LowLevelMonitor). First version: a lock word and a wait that yields until signalled or
    /// timed out (no futex yet).
    /// </summary>
    internal static unsafe class LowLevelMonitor
    {
        private struct Monitor
        {
            public int Lock;
            public int Signals;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Create")]
        private static Monitor* Create() => (Monitor*)NativeHeap.Allocate((ulong)sizeof(Monitor));

        [RuntimeExport("SystemNative_LowLevelMonitor_Destroy")]
        private static void Destroy(Monitor* m) => NativeHeap.Free(m);

        [RuntimeExport("SystemNative_LowLevelMonitor_Acquire")]
        private static void Acquire(Monitor* m) => SpinLock.Acquire(&m->Lock);

        [RuntimeExport("SystemNative_LowLevelMonitor_Release")]
        private static void Release(Monitor* m) => SpinLock.Release(&m->Lock);

        [RuntimeExport("SystemNative_LowLevelMonitor_Wait")]
        private static void Wait(Monitor* m) => TimedWait(m, -1);

        /// <summary>Called with the lock held; returns with it held; true if signalled.</summary>
        [RuntimeExport("SystemNative_LowLevelMonitor_TimedWait")]
        private static int TimedWait(Monitor* m, int timeoutMilliseconds)
        {
            long deadline = timeoutMilliseconds < 0 ? long.MaxValue : Clock.MonotonicNanoseconds() + timeoutMilliseconds * 1_000_000L;
            while (true)
            {
                if (m->Signals > 0)
                {
                    m->Signals--;
                    return 1;
                }
                if (Clock.MonotonicNanoseconds() >= deadline) return 0;
                SpinLock.Release(&m->Lock);
                Sys.Yield();
                SpinLock.Acquire(&m->Lock);
            }
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Signal_Release")]
        private static void SignalRelease(Monitor* m)
        {
            m->Signals = 1;
            SpinLock.Release(&m->Lock);
        }
    }
}
