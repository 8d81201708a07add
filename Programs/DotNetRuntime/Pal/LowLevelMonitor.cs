using System.Runtime;
using System.Threading;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// The mutex + condition variable every CoreLib lock and wait is built on (LowLevelMonitor:
    /// Monitor's slow path, WaitSubsystem, LowLevelLifoSemaphore, Thread.Sleep), over
    /// SYS_FUTEX_WAIT/WAKE. The mutex is the classic three-state futex word (0 free, 1 held,
    /// 2 held with waiters: only then does Release make a syscall). The condition is a sequence
    /// word: a waiter notes it, releases the mutex and sleeps while it is unchanged; Signal
    /// bumps it and wakes one. Like pthread_cond_wait a wake may be spurious; CoreLib's callers
    /// re-check their own state.
    /// </summary>
    internal static unsafe class LowLevelMonitor
    {
        private struct Monitor
        {
            public uint Lock;
            public uint Sequence;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Create")]
        private static Monitor* Create()
        {
            var m = (Monitor*)NativeHeap.Allocate((ulong)sizeof(Monitor));
            if (m != null) *m = default;
            return m;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Destroy")]
        private static void Destroy(Monitor* m) => NativeHeap.Free(m);

        [RuntimeExport("SystemNative_LowLevelMonitor_Acquire")]
        private static void Acquire(Monitor* m)
        {
            if (Interlocked.CompareExchange(ref m->Lock, 1, 0) == 0) return;
            // Contended: mark it so (2) and sleep until the holder's Release wakes us.
            while (Interlocked.Exchange(ref m->Lock, 2) != 0)
                Sys.FutexWait(&m->Lock, 2, Abi.WaitForever);
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Release")]
        private static void Release(Monitor* m)
        {
            if (Interlocked.Exchange(ref m->Lock, 0) == 2)
                Sys.FutexWake(&m->Lock, 1);
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Wait")]
        private static void Wait(Monitor* m) => TimedWait(m, -1);

        /// <summary>Called with the mutex held; returns with it held; 0 if the timeout passed first.</summary>
        [RuntimeExport("SystemNative_LowLevelMonitor_TimedWait")]
        private static int TimedWait(Monitor* m, int timeoutMilliseconds)
        {
            uint seen = Volatile.Read(ref m->Sequence);
            Release(m);
            ulong timeout = timeoutMilliseconds < 0 ? Abi.WaitForever : (ulong)timeoutMilliseconds * 1_000_000UL;
            // 0 ms still gives the signaller nothing to miss: a changed sequence is Busy, not Timeout.
            SysResult r = Sys.FutexWait(&m->Sequence, seen, timeout == 0 ? Abi.NoWait : timeout);
            Acquire(m);
            return r.Error == SyscallError.Timeout ? 0 : 1;
        }

        [RuntimeExport("SystemNative_LowLevelMonitor_Signal_Release")]
        private static void SignalRelease(Monitor* m)
        {
            Interlocked.Increment(ref m->Sequence);
            Sys.FutexWake(&m->Sequence, 1);
            Release(m);
        }
    }
}
