using Veridian.Syscalls;

namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// A fixed table of kernel objects of one kind, made once at boot: O(1) allocate (free
    /// list), O(1) generation-checked lookup, O(1) free, a live count, and quota accounting —
    /// each object is charged to its owner's <see cref="Quota"/> for <see cref="Kind"/> when
    /// allocated and refunded when freed. The owning service decides what "allocate" and
    /// "free" mean for its objects; the table only hands out and takes back slots.
    /// </summary>
    public sealed class ObjectTable<T> where T : TableEntry
    {
        private readonly T[] entries;
        private int freeHead;
        private int live;

        public readonly QuotaKind Kind;

        /// <summary>Takes ownership of <paramref name="entries"/> (all fresh) and threads the free list through them.</summary>
        public ObjectTable(T[] entries, QuotaKind kind)
        {
            this.entries = entries;
            Kind = kind;
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i].Index = i;
                entries[i].NextFree = i + 1 < entries.Length ? i + 1 : -1;
            }
            freeHead = entries.Length > 0 ? 0 : -1;
        }

        public int Capacity => entries.Length;
        public int LiveCount => live;

        /// <summary>The slot at <paramref name="index"/>, live or not (for the owning service's scans).</summary>
        public T At(int index)
        {
            return entries[index];
        }

        /// <summary>True if <see cref="Allocate"/> for <paramref name="owner"/> would succeed now (nothing is taken or charged).</summary>
        public bool CanAllocate(Quota owner) => freeHead >= 0 && (owner == null || owner.CanCharge(Kind, 1));

        /// <summary>
        /// A free slot, marked live and charged to <paramref name="owner"/> (null: nobody), or
        /// null if the table is full or the owner's quota (or an ancestor's) is used up.
        /// </summary>
        public T Allocate(Quota owner)
        {
            int i = freeHead;
            if (i < 0)
                return null;
            if (owner != null && !owner.TryCharge(Kind, 1))
                return null;
            T e = entries[i];
            freeHead = e.NextFree;
            e.NextFree = -1;
            e.Live = true;
            e.ChargedTo = owner;
            e.ChargedEpoch = owner != null ? owner.Epoch : 0;
            live++;
            return e;
        }

        /// <summary>Returns a live slot: refunds its owner, bumps the generation (every old id goes stale).</summary>
        public void Free(T e)
        {
            if (!e.Live)
                throw new System.InvalidOperationException("free of a kernel object that is not live");
            Quota owner = e.ChargedQuota;
            if (owner != null)
                owner.Refund(Kind, 1);
            e.ChargedTo = null;
            e.Live = false;
            e.Generation = HandleLayout.NextGeneration(e.Generation);
            e.NextFree = freeHead;
            freeHead = e.Index;
            live--;
        }

        /// <summary>The live object an id names, or null (malformed, out of range, free, stale).</summary>
        public T Lookup(bool wellFormed, uint index, uint generation)
        {
            if (!wellFormed || index >= (uint)entries.Length)
                return null;
            T e = entries[index];
            return e.Live && e.Generation == generation ? e : null;
        }
    }
}
