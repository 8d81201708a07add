namespace Veridian.Kernel.ObjectModel
{
    /// <summary>
    /// What every object kept in an <see cref="ObjectTable{T}"/> carries: its slot index and
    /// generation (together its id), whether it is live, the free-list link, and the quota it
    /// was charged to (refunded when it is freed, if that quota has not been closed since).
    /// </summary>
    public abstract class TableEntry
    {
        public int Index { get; internal set; } = -1;
        public uint Generation { get; internal set; } = 1;
        public bool Live { get; internal set; }
        internal int NextFree = -1;
        internal Quota ChargedTo;
        internal uint ChargedEpoch;

        /// <summary>The quota this object counts against, or null (kernel-owned, or its owner is gone).</summary>
        public Quota ChargedQuota => ChargedTo != null && ChargedTo.Epoch == ChargedEpoch ? ChargedTo : null;
    }
}
