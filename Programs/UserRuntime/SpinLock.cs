using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// A lock word for the runtime's shared state (heap, console buffer) between the threads
    /// of one process. Threads are preempted, so a waiter yields instead of burning its slice.
    /// Not re-entrant.
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
    }
}
