using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.UserLib;

namespace Veridian.RuntimeCore
{
    /// <summary>
    /// The lock word of both ring-3 runtimes' short critical sections (heaps, console buffer,
    /// thread list, handle table) between the threads of one process. Threads are preempted, so
    /// a waiter yields (SYS_YIELD) instead of burning its slice while the holder cannot run.
    /// Not re-entrant. Both acquire and release are <c>veridian_atomic_exchange</c> (a full
    /// barrier, Programs/UserRuntime/x86_64/abi.asm, linked into every program of both runtimes):
    /// the freestanding runtime has no <c>Interlocked</c> or <c>Volatile</c>, and one mechanism
    /// for both means one word type, <c>ulong</c>.
    /// </summary>
    public static unsafe class SpinLock
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_atomic_exchange")]
        public static extern ulong Exchange(ulong* location, ulong value);

        public static void Acquire(ulong* word)
        {
            while (Exchange(word, 1) != 0)
                Sys.Yield();
        }

        public static void Release(ulong* word) => Exchange(word, 0);

        /// <summary>The same on a static field (a static is never moved, so its address is stable).</summary>
        public static void Acquire(ref ulong word) => Acquire((ulong*)Unsafe.AsPointer(ref word));

        public static void Release(ref ulong word) => Release((ulong*)Unsafe.AsPointer(ref word));
    }
}
