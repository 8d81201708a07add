using Veridian.Syscalls;

namespace Veridian.Kernel.Platform
{
    /// <summary>
    /// One address space's translation table: what the architecture plugs implement (x86_64
    /// four-level tables later; a simulated table in the host tests). Addresses are page-aligned
    /// user virtual addresses and physical frame addresses.
    /// </summary>
    public abstract class PageTable
    {
        /// <summary>Maps one page. False if the table itself could not get memory.</summary>
        public abstract bool Map(ulong virtualAddress, ulong physicalAddress, ProtectionFlags protection);

        /// <summary>Removes one page's translation (no-op if absent).</summary>
        public abstract void Unmap(ulong virtualAddress);

        /// <summary>Changes the protection of one present page.</summary>
        public abstract void Protect(ulong virtualAddress, ProtectionFlags protection);

        /// <summary>Pages currently mapped to a frame (PROT_NONE pages included): what `ps` shows as resident.</summary>
        public abstract ulong MappedPages { get; }

        /// <summary>The translation of one page, if present.</summary>
        public abstract bool Query(ulong virtualAddress, out ulong physicalAddress, out ProtectionFlags protection);

        /// <summary>
        /// The lowest present page in [<paramref name="from"/>, <paramref name="end"/>), if any.
        /// Its cost must follow the populated parts of the table inside the range, not the
        /// range's length (skip absent intermediate levels whole): munmap, mprotect and exit of
        /// a huge, mostly empty reservation walk the table with it.
        /// </summary>
        public abstract bool NextMapped(ulong from, ulong end, out ulong virtualAddress, out ulong physicalAddress);
    }
}
