using System;
using Veridian.Kernel.Platform;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Kernel stacks for threads, each with an unmapped guard below it, in a region of the
    /// kernel half of its own (PML4[257]). Running off the bottom of a stack faults on the
    /// guard; the fault cannot be pushed on that stack, so it becomes a double fault, which
    /// has its own stack and ends in a panic report instead of silently corrupting memory.
    /// The region's PML4 entry exists before the first address space is made, so the tables
    /// under it are shared by all of them.
    /// </summary>
    internal static unsafe class KernelStacks
    {
        public const int StackBytes = 16 * 1024;
        private const ulong RegionBase = 0xFFFF_8080_0000_0000;
        private const ulong SlotBytes = 2 * StackBytes;           // the lower half of each slot is the guard
        private const int RegionPml4Index = 257;
        private const ulong Present = 1, Writable = 2, NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

        private static FrameAllocator s_frames;

        /// <summary>Frames taken for stacks and their tables: never given back (a slot's stack is kept for its next thread).</summary>
        public static ulong Frames;

        public static void Initialize(FrameAllocator frames)
        {
            s_frames = frames;
            ulong* pml4 = Table(Native.KernelPml4Physical());
            if ((pml4[RegionPml4Index] & Present) == 0)
                pml4[RegionPml4Index] = NewTable() | Present | Writable;
        }

        /// <summary>Maps stack <paramref name="slot"/> (if it is not yet) and returns its top, or 0 without frames.</summary>
        public static ulong Top(int slot)
        {
            ulong bottom = RegionBase + (ulong)slot * SlotBytes + StackBytes;
            for (ulong page = bottom; page < bottom + StackBytes; page += 4096)
                if (!MapPage(page)) return 0;
            return bottom + StackBytes;
        }

        private static bool MapPage(ulong va)
        {
            ulong table = Native.KernelPml4Physical();
            for (int level = 4; level > 1; level--)
            {
                ulong* entry = Table(table) + ((va >> (12 + 9 * (level - 1))) & 511);
                if ((*entry & Present) == 0)
                {
                    ulong next = NewTable();
                    if (next == 0) return false;
                    *entry = next | Present | Writable;
                }
                table = *entry & AddressMask;
            }
            ulong* leaf = Table(table) + ((va >> 12) & 511);
            if ((*leaf & Present) != 0) return true;
            ulong frame = NewTable();
            if (frame == 0) return false;
            *leaf = frame | Present | Writable | NoExecute;
            return true;
        }

        // A zeroed frame (tables and stack pages alike).
        private static ulong NewTable()
        {
            if (s_frames == null || !s_frames.TryAllocate(out ulong frame)) return 0;
            Frames++;
            new Span<byte>(AddressMap.Virtual(frame), 4096).Clear();
            return frame;
        }

        private static ulong* Table(ulong physical) => (ulong*)AddressMap.Virtual(physical);
    }
}
