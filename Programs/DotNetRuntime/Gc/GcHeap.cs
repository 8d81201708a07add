using Veridian.RuntimeCore;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The managed heap (docs/dotnet.md "Garbage collector"): one lazily-backed reservation cut
    /// into 64 KiB blocks. A small block holds cells of one size class (16 B .. 8 KiB, cell = the
    /// object's 8-byte header word, then the object); an object over 8 KiB takes a run of whole
    /// blocks. Allocation pops the class's free list, else bumps through the class's current
    /// block, else takes a block: O(1) amortised, no syscall, no allocation. <see cref="Collector"/>
    /// marks; <see cref="Sweep"/> rebuilds the free lists, returns empty blocks to the block pool
    /// and gives their frames back to the kernel (<see cref="Decommit"/>).
    /// A cell is allocated iff its MethodTable word is non-zero and it lies below its block's
    /// bump count; a free cell has MethodTable 0 and its free-list link in the header word.
    /// The .NET layer's own, not the runtime core's: only a collected heap needs cells the
    /// collector can recognise from a conservative pointer, mark bits and a sweep, and only the
    /// .NET layer has a collector. Its reservation, decommit and lock are the core's
    /// (<see cref="PageMapper"/>, <see cref="SpinLock"/>).
    /// </summary>
    internal static unsafe class GcHeap
    {
        public const int BlockShift = 16;
        public const ulong BlockSize = 1UL << BlockShift;
        public const ulong ReservationSize = 2UL * 1024 * 1024 * 1024;   // see PreferredBase
        public const uint BlockCount = (uint)(ReservationSize >> BlockShift);
        public const ulong MaxSmall = 8192;

        /// <summary>
        /// Where the reservation goes if that range is free (a hint, not FIXED); chosen against
        /// false roots. A conservative root retains whatever a word that looks like a heap address
        /// points into. At the kernel's default placement (64 GiB up) heap addresses are
        /// 0x10_xxxx_xxxx: any pair of 32-bit fields 16 and anything (the ReadyToRun header's
        /// signature and version did). And a 32-bit int spilled over a stack slot that held a heap
        /// pointer keeps the pointer's high half: with a heap whose low halves span 0..4 GiB, every
        /// such int is a heap address (a 20 MB array was kept alive by its own length). Here the
        /// high half is 0x5f3c, which data rarely holds, and the low half is 0x8000_0000 and up,
        /// which a non-negative int never is.
        /// </summary>
        public const ulong PreferredBase = 0x5f3c_8000_0000;
        public const int ClassCount = 35;

        /// <summary>Collect when this much was allocated since the last collection (or the live size, if larger).</summary>
        public const ulong MinBudget = 4UL * 1024 * 1024;

        /// <summary>Free, touched blocks kept for reuse after a collection; beyond this they are decommitted.</summary>
        public const uint RetainBlocks = 64;

        /// <summary>At most this many kernel mappings (regions) make up the reservation (the process has 64).</summary>
        public const int RegionBudget = 16;

        public const byte KindFree = 0, KindSmall = 1, KindLarge = 2, KindLargeTail = 3, KindHole = 4;

        public struct Block
        {
            public byte Kind;
            public byte Class;
            public byte Dirty;      // touched since last (de)commit: must be zeroed before reuse as a large object
            public byte Current;    // a class's bump block: never released by sweep
            public uint Bump;       // small: cells handed out so far; large head: blocks in the run; tail: head index
            public ulong Reserved;
        }

        private struct Run
        {
            public uint Start;
            public uint Count;
        }

        public const int MarkWordsPerBlock = (int)(BlockSize / 16 / 64);   // one bit per 16-byte cell

        public static byte* HeapBase;
        public static Block* Blocks;
        public static ulong* Marks;          // [BlockCount * MarkWordsPerBlock]
        public static uint Frontier;         // blocks at or above hold nothing
        private static uint s_highWater;      // blocks at or above are untouched since the last trim
        private static uint s_limit = BlockCount; // the frontier's ceiling (lowered if a trim leaves a hole)
        private static Run* s_runs;          // free runs below Frontier, by address (rebuilt by sweep)
        private static uint s_runCount;
        private static uint s_runHint;
        private static ulong* s_regionStarts; // bit per block: a kernel mapping starts there
        private static int s_regions;

        private static byte* s_classOf;       // [MaxSmall / 8 + 1]: size → class
        public static uint* CellSize;         // [ClassCount]
        private static uint* s_cellsPerBlock; // [ClassCount]
        private static byte** s_free;         // [ClassCount]
        private static byte** s_bump;         // [ClassCount]
        private static byte** s_bumpEnd;      // [ClassCount]
        private static Block** s_bumpBlock;   // [ClassCount]

        private static ulong s_lock;
        private static ulong s_allocatedSinceGc;
        private static ulong s_budget = MinBudget;
        public static ulong LiveAfterGc;
        public static ulong TotalAllocatedBytes; // before the last collection (add the bytes since)
        public static ulong CommittedBytes;   // blocks touched and not decommitted
        public static ulong DecommittedBytes; // total given back to the kernel
        public static int Collections;
        public static long LastPauseNanoseconds;
        public static long TotalPauseNanoseconds;

        public static ulong* MarkStack;
        public const int MarkStackCapacity = 64 * 1024;

        public static bool Initialize()
        {
            HeapBase = (byte*)PageMapper.MapAt(PreferredBase, ReservationSize);
            if (HeapBase == null) return false;
            // Side tables, one lazily-backed mapping: only what is touched costs frames.
            ulong blocksBytes = BlockCount * (ulong)sizeof(Block);
            ulong marksBytes = BlockCount * (ulong)MarkWordsPerBlock * 8;
            ulong runsBytes = (BlockCount / 2 + 2) * (ulong)sizeof(Run);
            ulong regionBytes = BlockCount / 8;
            ulong stackBytes = MarkStackCapacity * 8UL;
            ulong classBytes = 4096;
            ulong total = blocksBytes + marksBytes + runsBytes + regionBytes + stackBytes + classBytes;
            var side = (byte*)PageMapper.Map(total);
            if (side == null) return false;
            Blocks = (Block*)side; side += blocksBytes;
            Marks = (ulong*)side; side += marksBytes;
            s_runs = (Run*)side; side += runsBytes;
            s_regionStarts = (ulong*)side; side += regionBytes;
            MarkStack = (ulong*)side; side += stackBytes;
            CellSize = (uint*)side;
            s_cellsPerBlock = CellSize + ClassCount;
            s_free = (byte**)(s_cellsPerBlock + ClassCount + 2);
            s_bump = s_free + ClassCount;
            s_bumpEnd = s_bump + ClassCount;
            s_bumpBlock = (Block**)(s_bumpEnd + ClassCount);
            s_classOf = (byte*)(s_bumpBlock + ClassCount);

            // Classes: 16..64 by 8, then four per power of two up to 8 KiB (at most 25% waste).
            int c = 0;
            for (uint size = 16; size <= 64; size += 8) CellSize[c++] = size;
            for (uint p = 64; c < ClassCount; p *= 2)
                for (uint q = 1; q <= 4; q++) CellSize[c++] = p + p * q / 4;
            c = 0;
            for (uint size8 = 0; size8 <= MaxSmall / 8; size8++)
            {
                while (CellSize[c] < size8 * 8) c++;
                s_classOf[size8] = (byte)c;
            }
            for (int k = 0; k < ClassCount; k++) s_cellsPerBlock[k] = (uint)(BlockSize / CellSize[k]);
            s_regionStarts[0] = 1;
            s_regions = 1;
            return true;
        }

        public static ulong BytesInUse => LiveAfterGc + s_allocatedSinceGc;

        public static ulong AllocatedSinceGc => s_allocatedSinceGc;

        public static byte* BlockStart(uint index) => HeapBase + ((ulong)index << BlockShift);

        public static void Lock() { SpinLock.Acquire(ref s_lock); }

        public static void Unlock() { SpinLock.Release(ref s_lock); }

        /// <summary>
        /// A zeroed object of <paramref name="bytes"/> bytes (its header word included): returns the
        /// object's address (where the MethodTable goes; the header word is just before), or null
        /// when the heap is full even after a collection.
        /// </summary>
        public static byte* Allocate(ulong bytes)
        {
            bytes = (bytes + 7) & ~7UL;
            Lock();
            if (s_allocatedSinceGc + bytes > s_budget)
                CollectLocked();
            byte* obj = bytes <= MaxSmall ? AllocateSmall(bytes) : AllocateLarge(bytes);
            if (obj == null)
            {
                CollectLocked();
                obj = bytes <= MaxSmall ? AllocateSmall(bytes) : AllocateLarge(bytes);
            }
            Unlock();
            return obj;
        }

        private static byte* AllocateSmall(ulong bytes)
        {
            int c = s_classOf[bytes >> 3];
            uint size = CellSize[c];
            byte* cell = s_free[c];
            if (cell != null)
            {
                s_free[c] = *(byte**)cell;
            }
            else
            {
                cell = s_bump[c];
                if (cell == null || cell + size > s_bumpEnd[c])
                {
                    if (!NewBumpBlock(c)) return null;
                    cell = s_bump[c];
                }
                s_bump[c] = cell + size;
                s_bumpBlock[c]->Bump++;
            }
            ulong* w = (ulong*)cell;
            for (uint i = 0; i < size / 8; i++) w[i] = 0;
            s_allocatedSinceGc += size;
            return cell + 8;
        }

        private static bool NewBumpBlock(int c)
        {
            uint index = AcquireBlocks(1);
            if (index == uint.MaxValue) return false;
            if (s_bumpBlock[c] != null) s_bumpBlock[c]->Current = 0;
            Block* b = &Blocks[index];
            b->Kind = KindSmall;
            b->Class = (byte)c;
            b->Bump = 0;
            b->Current = 1;
            if (b->Dirty == 0) CommittedBytes += BlockSize;
            b->Dirty = 1;
            s_bumpBlock[c] = b;
            s_bump[c] = BlockStart(index);
            s_bumpEnd[c] = s_bump[c] + s_cellsPerBlock[c] * CellSize[c];
            return true;
        }

        private static byte* AllocateLarge(ulong bytes)
        {
            ulong count64 = (bytes + BlockSize - 1) >> BlockShift;
            if (count64 >= BlockCount) return null;
            uint count = (uint)count64;
            uint index = AcquireBlocks(count);
            if (index == uint.MaxValue) return null;
            byte* start = BlockStart(index);
            for (uint i = 0; i < count; i++)
            {
                Block* b = &Blocks[index + i];
                b->Kind = i == 0 ? KindLarge : KindLargeTail;
                b->Bump = i == 0 ? count : index;
                b->Current = 0;
                ulong offset = (ulong)i << BlockShift;
                ulong used = bytes - offset < BlockSize ? bytes - offset : BlockSize;
                if (b->Dirty != 0)
                    Memory.Zero(start + offset, (nuint)used);
                else
                    CommittedBytes += BlockSize;
                b->Dirty = 1;
            }
            s_allocatedSinceGc += bytes;
            return start + 8;
        }

        /// <summary>Index of <paramref name="count"/> free contiguous blocks (first fit, lowest address), or uint.MaxValue.</summary>
        private static uint AcquireBlocks(uint count)
        {
            while (s_runHint < s_runCount && s_runs[s_runHint].Count == 0) s_runHint++;
            for (uint r = s_runHint; r < s_runCount; r++)
            {
                Run* run = &s_runs[r];
                if (run->Count < count) continue;
                uint at = run->Start;
                run->Start += count;
                run->Count -= count;
                return at;
            }
            if (Frontier + count > s_limit) return uint.MaxValue;
            uint index = Frontier;
            Frontier += count;
            if (Frontier > s_highWater) s_highWater = Frontier;
            return index;
        }

        /// <summary>The object a (possibly interior) address points into, with its block and cell, or null.</summary>
        public static byte* FindObject(ulong address, out Block* block, out uint cell)
        {
            block = null;
            cell = 0;
            ulong offset = address - (ulong)HeapBase;
            if (offset >= (ulong)Frontier << BlockShift) return null;
            uint index = (uint)(offset >> BlockShift);
            Block* b = &Blocks[index];
            switch (b->Kind)
            {
                case KindSmall:
                {
                    uint size = CellSize[b->Class];
                    uint i = (uint)(offset & (BlockSize - 1)) / size;
                    if (i >= b->Bump) return null;
                    byte* obj = BlockStart(index) + (ulong)i * size + 8;
                    if (*(ulong*)obj == 0) return null;
                    block = b;
                    cell = i;
                    return obj;
                }
                case KindLargeTail:
                    index = b->Bump;
                    b = &Blocks[index];
                    goto case KindLarge;
                case KindLarge:
                    block = b;
                    return BlockStart(index) + 8;
                default:
                    return null;
            }
        }

        public static ulong* MarkWords(Block* block) => Marks + (ulong)(block - Blocks) * MarkWordsPerBlock;

        /// <summary>The object's size in bytes, header word included, rounded to 8.</summary>
        public static ulong ObjectSize(byte* obj)
        {
            var mt = *(MethodTable**)obj;
            ulong size = mt->BaseSize;
            if (mt->HasComponentSize) size += (ulong)*(uint*)(obj + 8) * mt->ComponentSize;
            return (size + 7) & ~7UL;
        }

        public static void Collect()
        {
            Lock();
            CollectLocked();
            Unlock();
        }

        private static void CollectLocked()
        {
            long start = Pal.Clock.MonotonicNanoseconds();
            World.Stop();
            ClearMarks();
            bool queued = Collector.Mark();
            Sweep();
            Decommit();
            World.Start();
            if (queued) Finalization.Wake();
            TotalAllocatedBytes += s_allocatedSinceGc;
            s_allocatedSinceGc = 0;
            s_budget = LiveAfterGc > MinBudget ? LiveAfterGc : MinBudget;
            Collections++;
            LastPauseNanoseconds = Pal.Clock.MonotonicNanoseconds() - start;
            TotalPauseNanoseconds += LastPauseNanoseconds;
        }

        private static void ClearMarks()
        {
            for (uint i = 0; i < Frontier; i++)
            {
                byte kind = Blocks[i].Kind;
                if (kind == KindSmall || kind == KindLarge)
                {
                    ulong* w = Marks + (ulong)i * MarkWordsPerBlock;
                    for (int k = 0; k < MarkWordsPerBlock; k++) w[k] = 0;
                }
            }
        }

        /// <summary>Frees every unmarked object: rebuilds the free lists (address order), releases
        /// empty blocks and dead large objects to the block pool, and rebuilds the pool's runs.</summary>
        private static void Sweep()
        {
            byte** tail = stackalloc byte*[ClassCount];
            for (int c = 0; c < ClassCount; c++)
            {
                s_free[c] = null;
                tail[c] = null;
            }
            ulong live = 0;
            for (uint i = 0; i < Frontier; i++)
            {
                Block* b = &Blocks[i];
                if (b->Kind == KindSmall)
                {
                    ulong* marks = Marks + (ulong)i * MarkWordsPerBlock;
                    uint cells = b->Bump;
                    uint liveCells = 0;
                    for (uint k = 0; k < (cells + 63) / 64; k++) liveCells += (uint)System.Numerics.BitOperations.PopCount(marks[k]);
                    if (liveCells == 0 && b->Current == 0)
                    {
                        b->Kind = KindFree;
                        continue;
                    }
                    int c = b->Class;
                    uint size = CellSize[c];
                    live += (ulong)liveCells * size;
                    byte* cell = BlockStart(i);
                    for (uint k = 0; k < cells; k++, cell += size)
                    {
                        if ((marks[k >> 6] & (1UL << (int)(k & 63))) != 0) continue;
                        *(ulong*)(cell + 8) = 0;
                        *(byte**)cell = null;
                        if (tail[c] == null) s_free[c] = cell; else *(byte**)tail[c] = cell;
                        tail[c] = cell;
                    }
                }
                else if (b->Kind == KindLarge)
                {
                    uint count = b->Bump;
                    if ((Marks[(ulong)i * MarkWordsPerBlock] & 1) != 0)
                    {
                        live += ObjectSize(BlockStart(i) + 8);
                    }
                    else
                    {
                        for (uint k = 0; k < count; k++) Blocks[i + k].Kind = KindFree;
                    }
                    i += count - 1;
                }
            }
            LiveAfterGc = live;

            // The pool: maximal runs of free blocks; a run reaching the frontier lowers it.
            s_runCount = 0;
            s_runHint = 0;
            for (uint i = 0; i < Frontier;)
            {
                if (Blocks[i].Kind != KindFree) { i++; continue; }
                uint start = i;
                while (i < Frontier && Blocks[i].Kind == KindFree) i++;
                if (i == Frontier)
                {
                    Frontier = start;
                    break;
                }
                s_runs[s_runCount].Start = start;
                s_runs[s_runCount].Count = i - start;
                s_runCount++;
            }
        }

        /// <summary>
        /// Gives the frames of free blocks back (munmap, then the same range mapped again FIXED and
        /// untouched), keeping <see cref="RetainBlocks"/> of them for reuse. Highest addresses first:
        /// everything above the frontier goes in one call to the end of the reservation (which adds no
        /// mapping); a run below it is given back only if the reservation stays within
        /// <see cref="RegionBudget"/> mappings (each interior run can add two).
        /// </summary>
        private static void Decommit()
        {
            uint dirtyFree = 0;
            for (uint r = 0; r < s_runCount; r++)
                for (uint k = 0; k < s_runs[r].Count; k++)
                    if (Blocks[s_runs[r].Start + k].Dirty != 0) dirtyFree++;
            uint dirtyTop = 0;
            for (uint i = Frontier; i < s_highWater; i++)
                if (Blocks[i].Dirty != 0) dirtyTop++;
            // Above the frontier nothing is allocated: one decommit to the reservation's end.
            if (dirtyTop > 0 && dirtyFree + dirtyTop > RetainBlocks && DecommitRange(Frontier, s_limit))
            {
                if (Blocks[Frontier].Kind == KindHole) s_limit = Frontier;   // cannot grow into a hole
                s_highWater = Frontier;
            }
            else
            {
                dirtyFree += dirtyTop;
            }
            for (uint r = s_runCount; r-- > 0 && dirtyFree > RetainBlocks;)
            {
                uint start = s_runs[r].Start, end = start + s_runs[r].Count;
                uint dirty = 0;
                for (uint k = start; k < end; k++) if (Blocks[k].Dirty != 0) dirty++;
                if (dirty == 0) continue;
                if (DecommitRange(start, end)) dirtyFree -= dirty;
            }
        }

        private static bool RegionStart(uint i) => i < BlockCount && (s_regionStarts[i >> 6] & (1UL << (int)(i & 63))) != 0;

        private static void SetRegionStart(uint i, bool on)
        {
            if (i >= BlockCount) return;
            bool was = RegionStart(i);
            if (was == on) return;
            if (on) { s_regionStarts[i >> 6] |= 1UL << (int)(i & 63); s_regions++; }
            else { s_regionStarts[i >> 6] &= ~(1UL << (int)(i & 63)); s_regions--; }
        }

        /// <summary>Clears the region-start bits in (start, end); returns how many were set.</summary>
        private static int ClearRegionStarts(uint start, uint end, bool clear)
        {
            int n = 0;
            for (uint i = start + 1; i < end;)
            {
                if ((i & 63) == 0 && i + 64 <= end)
                {
                    ulong w = s_regionStarts[i >> 6];
                    n += System.Numerics.BitOperations.PopCount(w);
                    if (clear) s_regionStarts[i >> 6] = 0;
                    i += 64;
                    continue;
                }
                if (RegionStart(i))
                {
                    n++;
                    if (clear) s_regionStarts[i >> 6] &= ~(1UL << (int)(i & 63));
                }
                i++;
            }
            return n;
        }

        private static bool DecommitRange(uint start, uint end)
        {
            if (start >= end) return false;
            // Mappings after the call: those starting inside (start, end) vanish; start and end become edges.
            int inside = ClearRegionStarts(start, end, false);
            int after = s_regions - inside + (RegionStart(start) ? 0 : 1) + (end < BlockCount && !RegionStart(end) ? 1 : 0);
            if (after > RegionBudget) return false;
            int result = PageMapper.Decommit(BlockStart(start), (ulong)(end - start) << BlockShift);
            if (result == 1) return false;
            s_regions -= ClearRegionStarts(start, end, true);
            SetRegionStart(start, true);
            SetRegionStart(end, true);
            // Only blocks below the high-water mark were ever touched (their table entries included).
            uint touched = end < s_highWater ? end : s_highWater;
            if (touched <= start) touched = start + 1;
            for (uint i = start; i < touched; i++)
            {
                if (Blocks[i].Dirty != 0)
                {
                    CommittedBytes -= BlockSize;
                    DecommittedBytes += BlockSize;
                }
                Blocks[i].Dirty = 0;
                // A range the kernel would not map again stays a hole: never handed out.
                if (result == 2) Blocks[i].Kind = KindHole;
            }
            return true;
        }
    }
}
