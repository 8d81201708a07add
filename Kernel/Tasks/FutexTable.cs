namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// The threads blocked in SYS_FUTEX_WAIT, hashed by (process, user address) into a fixed
    /// array of buckets, each an intrusive FIFO through <see cref="Thread.NextFutex"/>. No
    /// allocation after boot; add and remove are O(1), a wake walks one bucket. A waiter is a
    /// blocked thread, so the thread table bounds the waiters, and with at least as many
    /// buckets as threads a bucket is short unless many threads wait on one word (and then
    /// they are the ones a wake wants). The key is the process (one address space each) and
    /// the virtual address: futexes are private to a process.
    /// </summary>
    public sealed class FutexTable
    {
        private readonly Thread[] heads;
        private readonly Thread[] tails;
        private readonly int mask;
        private int count;

        public FutexTable(int maxThreads)
        {
            int buckets = 16;
            while (buckets < maxThreads)
                buckets <<= 1;
            heads = new Thread[buckets];
            tails = new Thread[buckets];
            mask = buckets - 1;
        }

        /// <summary>Waiters in the table (all processes): for tests and leak checks.</summary>
        public int Count => count;

        // Words are 4-byte aligned, so the low two bits carry nothing; the multiply spreads
        // neighbouring words and the process index over the buckets.
        private int Bucket(Process p, ulong address)
        {
            ulong h = ((address >> 2) ^ ((ulong)(uint)p.Index << 40)) * 0x9E37_79B9_7F4A_7C15UL;
            return (int)(h >> 32) & mask;
        }

        /// <summary>Queues <paramref name="t"/> (already blocked) as a waiter on <paramref name="address"/> of its process.</summary>
        public void Add(Thread t, ulong address)
        {
            if (t.InFutexTable)
                return;
            int b = Bucket(t.Process, address);
            t.FutexAddress = address;
            t.InFutexTable = true;
            t.NextFutex = null;
            t.PrevFutex = tails[b];
            if (tails[b] != null)
                tails[b].NextFutex = t;
            else
                heads[b] = t;
            tails[b] = t;
            count++;
        }

        /// <summary>Takes <paramref name="t"/> out (woken, timed out, or its process ended); a thread not in the table is left alone.</summary>
        public void Remove(Thread t)
        {
            if (!t.InFutexTable)
                return;
            int b = Bucket(t.Process, t.FutexAddress);
            if (t.PrevFutex != null)
                t.PrevFutex.NextFutex = t.NextFutex;
            else
                heads[b] = t.NextFutex;
            if (t.NextFutex != null)
                t.NextFutex.PrevFutex = t.PrevFutex;
            else
                tails[b] = t.PrevFutex;
            t.NextFutex = null;
            t.PrevFutex = null;
            t.FutexAddress = 0;
            t.InFutexTable = false;
            count--;
        }

        /// <summary>The first waiter of <paramref name="p"/> on <paramref name="address"/>, in the order they began to wait; null if none.</summary>
        public Thread First(Process p, ulong address)
        {
            for (Thread t = heads[Bucket(p, address)]; t != null; t = t.NextFutex)
            {
                if (t.Process == p && t.FutexAddress == address)
                    return t;
            }
            return null;
        }
    }
}
