namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// The <see cref="FutexWait"/>s of threads blocked in SYS_FUTEX_WAIT, hashed by (process,
    /// user address) into a fixed array of buckets, each an intrusive FIFO. No allocation after
    /// boot; add and remove are O(1), a wake walks one bucket. A thread is in at most one wait,
    /// so the thread table bounds the waiters, and with at least as many buckets as threads a
    /// bucket is short unless many threads wait on one word (and then they are the ones a wake
    /// wants). The key is the process (one address space each) and the virtual address:
    /// futexes are private to a process.
    /// </summary>
    public sealed class FutexTable
    {
        private readonly FutexWait[] heads;
        private readonly FutexWait[] tails;
        private readonly int mask;
        private int count;

        public FutexTable(int maxThreads)
        {
            int buckets = 16;
            while (buckets < maxThreads)
                buckets <<= 1;
            heads = new FutexWait[buckets];
            tails = new FutexWait[buckets];
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

        /// <summary>Queues <paramref name="w"/> as a waiter on <paramref name="address"/> of its thread's process.</summary>
        public void Add(FutexWait w, ulong address)
        {
            if (w.InTable)
                return;
            int b = Bucket(w.Thread.Process, address);
            w.Address = address;
            w.InTable = true;
            w.NextInBucket = null;
            w.PrevInBucket = tails[b];
            if (tails[b] != null)
                tails[b].NextInBucket = w;
            else
                heads[b] = w;
            tails[b] = w;
            count++;
        }

        /// <summary>Takes <paramref name="w"/> out (woken, timed out, or its process ended); a wait not in the table is left alone.</summary>
        public void Remove(FutexWait w)
        {
            if (!w.InTable)
                return;
            int b = Bucket(w.Thread.Process, w.Address);
            if (w.PrevInBucket != null)
                w.PrevInBucket.NextInBucket = w.NextInBucket;
            else
                heads[b] = w.NextInBucket;
            if (w.NextInBucket != null)
                w.NextInBucket.PrevInBucket = w.PrevInBucket;
            else
                tails[b] = w.PrevInBucket;
            w.NextInBucket = null;
            w.PrevInBucket = null;
            w.Address = 0;
            w.InTable = false;
            count--;
        }

        /// <summary>The first waiter of <paramref name="p"/> on <paramref name="address"/>, in the order they began to wait; null if none.</summary>
        public FutexWait First(Process p, ulong address)
        {
            for (FutexWait w = heads[Bucket(p, address)]; w != null; w = w.NextInBucket)
            {
                if (w.Thread.Process == p && w.Address == address)
                    return w;
            }
            return null;
        }
    }
}
