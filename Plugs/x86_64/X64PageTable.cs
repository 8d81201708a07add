using Veridian.Kernel.Platform;
using Veridian.Syscalls;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// A real x86_64 four-level translation table (PML4 → PDPT → PD → PT) for one user address
    /// space, built in physical frames. Intermediate entries are present|writable|user; a leaf
    /// carries the page's protection (user, writable, and no-execute unless EXEC). The upper half
    /// of every root is a copy of the kernel's PML4 entries 256..511 (supervisor-only, shared by
    /// every address space); only the lower half is this table's own. Tables are reached through
    /// the direct map. When this table is the one in CR3, every change that removes or narrows a
    /// translation is followed by invlpg.
    /// </summary>
    public sealed unsafe class X64PageTable : PageTable
    {
        private const ulong Present = 1UL << 0;
        private const ulong Writable = 1UL << 1;
        private const ulong User = 1UL << 2;
        private const ulong NoExecute = 1UL << 63;
        // Available-to-software bit: "mapped, PROT_NONE". x86 has no present-but-inaccessible
        // entry, so such a page is not present to the CPU but keeps its frame for Query/Unmap.
        private const ulong MappedNoAccess = 1UL << 9;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

        private readonly FrameAllocator _frames;
        private ulong _mapped;

        public override ulong MappedPages => _mapped;
        public ulong Root { get; }
        public bool IsValid => Root != 0;

        public X64PageTable(FrameAllocator frames)
        {
            _frames = frames;
            Root = NewTable();
            if (Root == 0) return;
            ulong* root = Table(Root);
            ulong* kernel = Table(Native.KernelPml4Physical());
            for (int i = 256; i < 512; i++) root[i] = kernel[i];
        }

        /// <summary>True while the CPU translates through this table.</summary>
        public bool IsActive => Root != 0 && (Native.ReadCr3() & AddressMask) == Root;

        private static ulong* Table(ulong physical) => (ulong*)AddressMap.Virtual(physical);

        public override bool Map(ulong virtualAddress, ulong physicalAddress, ProtectionFlags protection)
        {
            ulong* leaf = Walk(virtualAddress, create: true);
            if (leaf == null) return false;
            bool wasPresent = (*leaf & Present) != 0;
            if (!IsMapped(*leaf)) _mapped++;
            *leaf = (physicalAddress & AddressMask) | LeafFlags(protection);
            if (wasPresent) Flush(virtualAddress);
            return true;
        }

        public override void Unmap(ulong virtualAddress)
        {
            ulong* leaf = Walk(virtualAddress, create: false);
            if (leaf == null) return;
            if (IsMapped(*leaf)) _mapped--;
            *leaf = 0;
            Flush(virtualAddress);
        }

        public override void Protect(ulong virtualAddress, ProtectionFlags protection)
        {
            ulong* leaf = Walk(virtualAddress, create: false);
            if (leaf != null && IsMapped(*leaf))
            {
                *leaf = (*leaf & AddressMask) | LeafFlags(protection);
                Flush(virtualAddress);
            }
        }

        public override bool Query(ulong virtualAddress, out ulong physicalAddress, out ProtectionFlags protection)
        {
            physicalAddress = 0;
            protection = ProtectionFlags.None;
            ulong* leaf = Walk(virtualAddress, create: false);
            if (leaf == null || !IsMapped(*leaf)) return false;
            physicalAddress = *leaf & AddressMask;
            if ((*leaf & Present) == 0) return true;          // mapped with PROT_NONE
            protection = ProtectionFlags.Read;
            if ((*leaf & Writable) != 0) protection |= ProtectionFlags.Write;
            if ((*leaf & NoExecute) == 0) protection |= ProtectionFlags.Exec;
            return true;
        }

        public override bool NextMapped(ulong from, ulong end, out ulong virtualAddress, out ulong physicalAddress)
        {
            virtualAddress = 0;
            physicalAddress = 0;
            if (Root == 0) return false;
            if (end > Abi.UserEnd) end = Abi.UserEnd;
            ulong cursor = from & ~0xFFFUL;
            while (cursor < end)
            {
                // Descend towards cursor; an absent entry at any level skips everything it spans.
                ulong table = Root;
                int level = 4;
                while (level > 1)
                {
                    int shift = 12 + 9 * (level - 1);
                    ulong entry = Table(table)[(cursor >> shift) & 511];
                    if ((entry & Present) == 0) break;
                    table = entry & AddressMask;
                    level--;
                }
                if (level > 1)
                {
                    ulong span = 1UL << (12 + 9 * (level - 1));
                    cursor = (cursor & ~(span - 1)) + span;
                    continue;
                }
                ulong leaf = Table(table)[(cursor >> 12) & 511];
                if (IsMapped(leaf))
                {
                    virtualAddress = cursor;
                    physicalAddress = leaf & AddressMask;
                    return true;
                }
                cursor += 0x1000;
            }
            return false;
        }

        /// <summary>Frees every table frame (not the mapped pages: those belong to the address space).</summary>
        public void Destroy()
        {
            if (Root == 0) return;
            ulong* root = Table(Root);
            for (int i = 0; i < 256; i++)           // the upper half is the kernel's
                if ((root[i] & Present) != 0) FreeLevel(root[i] & AddressMask, 3);
            _frames.Free(Root);
        }

        private void Flush(ulong virtualAddress)
        {
            if (IsActive) Native.InvalidatePage(virtualAddress);
        }

        private static bool IsMapped(ulong entry) => (entry & (Present | MappedNoAccess)) != 0;

        private static ulong LeafFlags(ProtectionFlags protection)
        {
            if (protection == ProtectionFlags.None) return MappedNoAccess;
            ulong flags = Present | User;
            if ((protection & ProtectionFlags.Write) != 0) flags |= Writable;
            if ((protection & ProtectionFlags.Exec) == 0) flags |= NoExecute;
            return flags;
        }

        private ulong* Walk(ulong va, bool create)
        {
            if (Root == 0 || va >= Abi.UserEnd) return null;
            ulong table = Root;
            for (int level = 4; level > 1; level--)
            {
                ulong* entry = Table(table) + ((va >> (12 + 9 * (level - 1))) & 511);
                if ((*entry & Present) == 0)
                {
                    if (!create) return null;
                    ulong next = NewTable();
                    if (next == 0) return null;
                    *entry = next | Present | Writable | User;
                }
                table = *entry & AddressMask;
            }
            return Table(table) + ((va >> 12) & 511);
        }

        private ulong NewTable()
        {
            if (!_frames.TryAllocate(out ulong frame)) return 0;
            ulong* p = Table(frame);
            new System.Span<ulong>(p, 512).Clear();                 // one memset, not 512 stores
            return frame;
        }

        private void FreeLevel(ulong table, int level)
        {
            if (level > 1)
            {
                ulong* entries = Table(table);
                for (int i = 0; i < 512; i++)
                    if ((entries[i] & Present) != 0) FreeLevel(entries[i] & AddressMask, level - 1);
            }
            _frames.Free(table);
        }
    }
}
