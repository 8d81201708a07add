namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// One process's limits and use of every <see cref="QuotaKind"/>. Quotas form the process
    /// tree: a charge must fit under this quota's limit and under every ancestor's, and is
    /// counted in all of them, so a subtree never uses more than its root was given and a
    /// process cannot multiply its share by creating children (cost: the tree's depth). A
    /// closed quota (its process ended) bumps <see cref="Epoch"/>, so objects that outlive the
    /// process no longer refund it. Allocated once per process slot.
    /// </summary>
    public sealed class Quota
    {
        public const int KindCount = 9;

        private readonly long[] limit = new long[KindCount];
        private readonly long[] used = new long[KindCount];
        private Quota parent;

        public uint Epoch { get; private set; } = 1;
        public Quota Parent => parent;

        public long Limit(QuotaKind kind) => limit[(int)kind];
        public long Used(QuotaKind kind) => used[(int)kind];

        /// <summary>Starts a fresh quota under <paramref name="parentQuota"/> with <paramref name="percent"/> of each of its limits.</summary>
        public void Open(Quota parentQuota, int percent)
        {
            parent = parentQuota;
            for (int k = 0; k < KindCount; k++)
            {
                used[k] = 0;
                long l = parentQuota.limit[k] * percent / 100;
                limit[k] = l > 0 || percent == 0 ? l : 1;
            }
        }

        /// <summary>Starts the root quota (init): the given limit for one kind; call for every kind.</summary>
        public void SetRootLimit(QuotaKind kind, long value)
        {
            parent = null;
            limit[(int)kind] = value;
            used[(int)kind] = 0;
        }

        /// <summary>True if <see cref="TryCharge"/> of <paramref name="n"/> would succeed now (nothing is charged).</summary>
        public bool CanCharge(QuotaKind kind, long n)
        {
            int k = (int)kind;
            for (Quota q = this; q != null; q = q.parent)
            {
                if (q.used[k] + n > q.limit[k])
                    return false;
            }
            return true;
        }

        /// <summary>Charges <paramref name="n"/> here and in every ancestor, if it fits everywhere; else changes nothing.</summary>
        public bool TryCharge(QuotaKind kind, long n)
        {
            if (!CanCharge(kind, n))
                return false;
            int k = (int)kind;
            for (Quota q = this; q != null; q = q.parent)
                q.used[k] += n;
            return true;
        }

        /// <summary>Charges without a limit check: what was already allocated as a side effect (page tables).</summary>
        public void ForceCharge(QuotaKind kind, long n)
        {
            int k = (int)kind;
            for (Quota q = this; q != null; q = q.parent)
                q.used[k] += n;
        }

        public void Refund(QuotaKind kind, long n)
        {
            int k = (int)kind;
            for (Quota q = this; q != null; q = q.parent)
            {
                q.used[k] -= n;
                if (q.used[k] < 0)
                    throw new System.InvalidOperationException("quota refund below zero");
            }
        }

        /// <summary>
        /// Leaves the tree (the parent process ended): this subtree's use is no longer counted in
        /// the former ancestors, and from now on charges stop here.
        /// </summary>
        public void Detach()
        {
            for (Quota q = parent; q != null; q = q.parent)
            {
                for (int k = 0; k < KindCount; k++)
                    q.used[k] -= used[k];
            }
            parent = null;
        }

        /// <summary>
        /// The process ended: whatever it still has charged (objects that outlive it, such as
        /// messages in other queues or memory objects others hold) stops counting anywhere.
        /// </summary>
        public void Close()
        {
            Detach();
            for (int k = 0; k < KindCount; k++)
                used[k] = 0;
            Epoch = Epoch + 1 == 0 ? 1 : Epoch + 1;
        }
    }
}
