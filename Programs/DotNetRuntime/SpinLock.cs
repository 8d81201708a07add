using System.Threading;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The runtime layer's own short critical sections (heaps, handle table). Yields to the
    /// scheduler while contended, so a preempted holder gets to run.
    /// </summary>
    internal static unsafe class SpinLock
    {
        public static void Acquire(int* word)
        {
            while (Interlocked.CompareExchange(ref *word, 1, 0) != 0)
                Sys.Yield();
        }

        public static void Release(int* word) => Volatile.Write(ref *word, 0);
    }
}
