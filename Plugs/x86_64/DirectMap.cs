using System;
using Veridian.Kernel.Boot;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Extends the direct map past the 4 GiB boot.asm maps, so that every frame of RAM the
    /// frame allocator hands out is reachable. One page directory (2 MiB pages, writable,
    /// no-execute) per GiB that holds usable RAM, taken from the kernel heap. Runs once, before
    /// any address space exists: every address space shares the kernel's PML4[256] and so
    /// sees the new directories too.
    /// </summary>
    internal static unsafe class DirectMap
    {
        private const ulong Present = 1, Writable = 2, WriteThrough = 1UL << 3, CacheDisable = 1UL << 4, LargePage = 1UL << 7, NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        private const ulong GiB = 1UL << 30;
        /// <summary>The direct map spans one PML4 entry: 512 GiB.</summary>
        public const ulong Limit = 512 * GiB;

        /// <summary>Returns the physical address below which all RAM is mapped.</summary>
        public static ulong MapAbove4GiB(MemoryRegion[] regions)
        {
            ulong* pml4 = (ulong*)AddressMap.Virtual(Native.KernelPml4Physical());
            ulong* pdpt = (ulong*)AddressMap.Virtual(pml4[256] & AddressMask);
            for (int r = 0; r < regions.Length; r++)
            {
                if (!regions[r].IsUsable) continue;
                ulong start = regions[r].Base, end = regions[r].End;
                if (end > Limit) end = Limit;
                if (start < AddressMap.BootDirectMapBytes) start = AddressMap.BootDirectMapBytes;
                for (ulong gib = start / GiB; gib * GiB < end; gib++)
                {
                    if ((pdpt[gib] & Present) != 0) continue;
                    ulong* pd = AllocateTable();
                    if (pd == null)              // no heap for it: RAM from here on stays unused
                    {
                        Native.WriteCr3(Native.ReadCr3());
                        return gib * GiB;
                    }
                    for (ulong i = 0; i < 512; i++)
                        pd[i] = (gib * GiB + i * (2UL << 20)) | Present | Writable | LargePage | NoExecute;
                    pdpt[gib] = AddressMap.PhysicalOfDirect(pd) | Present | Writable;
                }
            }
            Native.WriteCr3(Native.ReadCr3());
            return Limit;
        }

        /// <summary>Makes the 2 MiB direct-map page holding a device's registers uncached (PCD|PWT).</summary>
        public static void MakeUncached(ulong physical)
        {
            ulong* pml4 = (ulong*)AddressMap.Virtual(Native.KernelPml4Physical());
            ulong* pdpt = (ulong*)AddressMap.Virtual(pml4[256] & AddressMask);
            ulong gib = physical / GiB;
            if (gib >= 512 || (pdpt[gib] & Present) == 0) return;
            ulong* pd = (ulong*)AddressMap.Virtual(pdpt[gib] & AddressMask);
            pd[(physical % GiB) >> 21] |= CacheDisable | WriteThrough;
            Native.InvalidatePage((ulong)AddressMap.Virtual(physical));
        }

        // A 4 KiB-aligned zeroed page from the heap (the heap lives in the direct map).
        private static ulong* AllocateTable()
        {
            byte* block = (byte*)RuntimeExports.Heap.Allocate(8192);
            if (block == null) return null;
            ulong* table = (ulong*)(((ulong)block + 4095) & ~4095UL);
            new Span<byte>(table, 4096).Clear();
            return table;
        }
    }
}
