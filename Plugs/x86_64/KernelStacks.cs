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
    /// under it are shared by all of them. A thread's stack is mapped when the thread is made
    /// (<see cref="Map"/>) and its frames freed when it is freed (<see cref="Release"/>); the
    /// page tables of the region stay (one per 64 slots), so a slot used again costs four frames.
    /// </summary>
    internal static unsafe class KernelStacks
    {
        public const int StackBytes = 16 * 1024;
        private const ulong RegionBase = 0xFFFF_8080_0000_0000;
        private const ulong SlotBytes = 2 * StackBytes;           // the lower half of each slot is the guard
        private const int RegionPml4Index = 257;
        private const ulong Present = 1, Writable = 2, NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

        public const int StackFrames = StackBytes / 4096;

        private static FrameAllocator s_frames;
        // A slot whose release waits because the kernel was running on it (-1: none); at most one,
        // because only the stack in use is ever deferred and the next kernel entry is on another.
        private static int s_deferred = -1;

        /// <summary>
        /// Frames the stack area holds now: the stacks of live threads, at most one whose release
        /// waits (<see cref="Release"/>), and the area's page tables, which are never given back.
        /// </summary>
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
            ulong bottom = Bottom(slot);
            for (ulong page = bottom; page < bottom + StackBytes; page += 4096)
                if (!MapPage(page)) return 0;
            return bottom + StackBytes;
        }

        /// <summary>
        /// A new thread in <paramref name="slot"/>: its stack mapped, false without frames (the
        /// pages mapped so far are given back). A stack still waiting for its deferred release
        /// is taken over as it is; another one waiting is released now (the kernel is not on it).
        /// </summary>
        public static bool Map(int slot)
        {
            if (s_deferred == slot)
            {
                s_deferred = -1;
                return true;
            }
            ReleaseDeferred();
            if (Top(slot) != 0) return true;
            Unmap(slot);
            return false;
        }

        /// <summary>
        /// The thread of <paramref name="slot"/> is freed: its stack's frames go back, now, or
        /// if the kernel is running on that stack (the thread ended itself or its process), at
        /// the next map or release, which always runs on another stack.
        /// </summary>
        public static void Release(int slot)
        {
            ReleaseDeferred();
            byte here;
            ulong sp = (ulong)&here;
            ulong bottom = Bottom(slot);
            if (sp >= bottom && sp < bottom + StackBytes)
            {
                s_deferred = slot;
                return;
            }
            Unmap(slot);
        }

        private static void ReleaseDeferred()
        {
            int slot = s_deferred;
            if (slot < 0) return;
            byte here;
            ulong sp = (ulong)&here;
            ulong bottom = Bottom(slot);
            if (sp >= bottom && sp < bottom + StackBytes) return;   // still on it: same kernel entry
            s_deferred = -1;
            Unmap(slot);
        }

        private static ulong Bottom(int slot) => RegionBase + (ulong)slot * SlotBytes + StackBytes;

        // Every present page of the slot's stack: unmapped, its frame freed.
        private static void Unmap(int slot)
        {
            ulong bottom = Bottom(slot);
            for (ulong page = bottom; page < bottom + StackBytes; page += 4096)
            {
                ulong* leaf = Leaf(page);
                if (leaf == null || (*leaf & Present) == 0) continue;
                ulong frame = *leaf & AddressMask;
                *leaf = 0;
                Native.InvalidatePage(page);
                s_frames.Free(frame);
                Frames--;
            }
        }

        // The page-table entry of a stack page, or null if a table above it is missing.
        private static ulong* Leaf(ulong va)
        {
            ulong table = Native.KernelPml4Physical();
            for (int level = 4; level > 1; level--)
            {
                ulong entry = Table(table)[(va >> (12 + 9 * (level - 1))) & 511];
                if ((entry & Present) == 0) return null;
                table = entry & AddressMask;
            }
            return Table(table) + ((va >> 12) & 511);
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
