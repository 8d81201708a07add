using System;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Platform;
using Veridian.Syscalls;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// A process's user address space: a sorted array of regions over a <see cref="PageTable"/>.
    /// The array made at boot holds <see cref="KernelConfig.InitialRegionsPerProcess"/>; a
    /// process that needs more (a .NET program with hundreds of threads has a stack and a guard
    /// per thread) gets it doubled, up to <see cref="KernelConfig.MaxRegionsPerProcess"/>, with
    /// the larger array's pages charged to its Frames quota so that no process can take the
    /// kernel heap by mapping many small regions. The boot array is kept and comes back when the
    /// process ends. Private anonymous pages are allocated (zeroed) on first touch,
    /// or at map time with MAP_POPULATE; shared pages come from a <see cref="MemoryObject"/>.
    /// The page table is the only record of which private frames exist, so a page whose
    /// protection is None keeps its translation (the plug makes it inaccessible).
    /// Every frame it causes to be allocated — private pages and page-table frames — is charged
    /// to the owning process's <see cref="Quota"/> and refunded when freed.
    /// </summary>
    public sealed class AddressSpace
    {
        /// <summary>Where mmap starts looking when the caller gives no usable hint.</summary>
        public const ulong MmapBase = 0x0000_0010_0000_0000;
        private const ulong PageMask = Abi.PageSize - 1;

        /// <summary>
        /// What one <see cref="Region"/> costs in the array, rounded up (two bounds, an object
        /// reference, a page index, two protections); the host tests check it against the runtime's size.
        /// </summary>
        public const int RegionBytes = 40;

        private readonly KernelServices kernel;
        private readonly Region[] bootRegions;
        private readonly int maxRegions;
        private Region[] regions;
        private int count;
        /// <summary>Frames charged to <see cref="Quota"/> for <see cref="regions"/> while it is a grown array (0 for the boot one).</summary>
        private int chargedFrames;
        private PageTable table;
        // The last translation Resolve read from the page table: a one-entry software TLB, so
        // a syscall that checks, then reads, then writes one user page (the IPC path touches
        // each side's stack page three or four times) walks the four levels once. It only
        // ever holds a present page, so a new mapping cannot make it wrong; everything that
        // removes or narrows a translation (Protect, ReleasePages, Destroy) forgets it first.
        // It names a page and its frame, never a region slot, so the region array growing
        // (MakeRoom copies it into a larger one) or shrinking back at Destroy leaves it right.
        // SMP: it belongs to the space and changes only under the lock that guards the space's
        // page table, like the table itself (docs/kernel-services.md, "The address space's translation cache").
        private ulong cachedPage = NoPage;
        private ulong cachedPhysical;
        private ProtectionFlags cachedProtection;
        private const ulong NoPage = ulong.MaxValue;

        /// <summary>The owning process's quota (set once by the process).</summary>
        public Quota Quota { get; internal set; }

        public AddressSpace(KernelServices kernel, int initialRegions, int maxRegions)
        {
            this.kernel = kernel;
            this.maxRegions = maxRegions;
            bootRegions = new Region[initialRegions < maxRegions ? initialRegions : maxRegions];
            regions = bootRegions;
        }

        public PageTable Table => table;

        /// <summary>Pages that have a frame right now.</summary>
        public ulong ResidentPages => table != null ? table.MappedPages : 0;
        public KernelServices Kernel => kernel;
        public int RegionCount => count;
        /// <summary>Regions the array holds now (grows by doubling; back to the boot size at <see cref="Destroy"/>).</summary>
        public int RegionCapacity => regions.Length;
        /// <summary>Frames charged to the quota for the region array (0 while it is the boot one).</summary>
        public int RegionFramesCharged => chargedFrames;

        public Region RegionAt(int index)
        {
            return regions[index];
        }

        public void Activate(PageTable pageTable)
        {
            if (table != null || count != 0)
                throw new InvalidOperationException("address space already active");
            table = pageTable;
        }

        /// <summary>Unmaps everything, frees private frames, drops object references, returns the page table.</summary>
        public void Destroy()
        {
            cachedPage = NoPage;
            while (count > 0)
                RemoveRegion(count - 1);
            ShrinkToBootRegions();
            if (table != null)
            {
                int free = kernel.Platform.Frames.FreeCount;
                kernel.Platform.DestroyPageTable(table);
                Quota.Refund(QuotaKind.Frames, kernel.Platform.Frames.FreeCount - free);
            }
            table = null;
        }

        public static bool IsPageAligned(ulong value)
        {
            return (value & PageMask) == 0;
        }

        /// <summary>Rounds a length up to pages; false if it overflows or exceeds the user range.</summary>
        public static bool TryPageRound(ulong length, out ulong rounded)
        {
            rounded = 0;
            if (length > Abi.UserEnd - Abi.UserBase)
                return false;
            rounded = (length + PageMask) & ~PageMask;
            return true;
        }

        /// <summary>True if [start, start+length) lies inside the user range and does not wrap.</summary>
        public static bool IsUserRange(ulong start, ulong length)
        {
            if (start < Abi.UserBase || start >= Abi.UserEnd)
                return false;
            return length <= Abi.UserEnd - start;
        }

        /// <summary>Index of the region containing <paramref name="va"/>, or -1.</summary>
        public int Find(ulong va)
        {
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (va < regions[mid].Start)
                    hi = mid - 1;
                else if (va >= regions[mid].End)
                    lo = mid + 1;
                else
                    return mid;
            }
            return -1;
        }

        /// <summary>True if no region overlaps [start, end).</summary>
        public bool IsFree(ulong start, ulong end)
        {
            for (int i = 0; i < count; i++)
            {
                if (regions[i].Start < end && start < regions[i].End)
                    return false;
            }
            return true;
        }

        /// <summary>True if every page of [start, end) is mapped and its region allows <paramref name="protection"/>.</summary>
        public bool IsMappedWith(ulong start, ulong end, ProtectionFlags protection)
        {
            ulong cursor = start;
            while (cursor < end)
            {
                int i = Find(cursor);
                if (i < 0 || (regions[i].Protection & protection) != protection)
                    return false;
                cursor = regions[i].End;
            }
            return true;
        }

        /// <summary>First-fit search for <paramref name="length"/> free bytes, from MmapBase up, then from UserBase.</summary>
        public bool FindFree(ulong length, out ulong start)
        {
            if (FindFreeFrom(MmapBase, Abi.UserEnd, length, out start))
                return true;
            return FindFreeFrom(Abi.UserBase, MmapBase, length, out start);
        }

        private bool FindFreeFrom(ulong from, ulong limit, ulong length, out ulong start)
        {
            ulong cursor = from;
            for (int i = 0; i <= count; i++)
            {
                ulong gapEnd = i < count ? regions[i].Start : limit;
                if (gapEnd > limit)
                    gapEnd = limit;
                if (gapEnd > cursor && gapEnd - cursor >= length)
                {
                    start = cursor;
                    return true;
                }
                if (i < count && regions[i].End > cursor)
                    cursor = regions[i].End;
                if (cursor >= limit)
                    break;
            }
            start = 0;
            return false;
        }

        /// <summary>
        /// Adds a region [start, end) (page-aligned, free, in range: the caller checked).
        /// ResourceExhausted if the address space has <see cref="KernelConfig.MaxRegionsPerProcess"/>
        /// regions or the region array cannot grow within the Frames quota; OutOfMemory if the
        /// kernel heap cannot take a larger array, or if populating fails (the region is then
        /// removed again).
        /// </summary>
        public SyscallError MapRegion(ulong start, ulong end, ProtectionFlags protection, ProtectionFlags maxProtection,
            MemoryObject obj, ulong objectPage, bool populate)
        {
            SyscallError room = MakeRoom(1);
            if (room != SyscallError.Success)
                return room;
            int at = 0;
            while (at < count && regions[at].Start < start)
                at++;
            for (int i = count; i > at; i--)
                regions[i] = regions[i - 1];
            regions[at].Start = start;
            regions[at].End = end;
            regions[at].Protection = protection;
            regions[at].MaxProtection = maxProtection;
            regions[at].Object = obj;
            regions[at].ObjectPage = objectPage;
            count++;
            if (obj != null)
                obj.References++;
            if (populate)
            {
                for (ulong page = start; page < end; page += Abi.PageSize)
                {
                    SyscallError e = Resolve(page, ProtectionFlags.None, true, out ulong _);
                    if (e != SyscallError.Success)
                    {
                        RemoveRegion(Find(start));
                        return e;
                    }
                }
            }
            return SyscallError.Success;
        }

        /// <summary>
        /// Removes every mapping inside [start, end), trimming regions that stick out at the
        /// edges. Holes are fine. Only a hole in the middle of one region needs a new region
        /// slot: if there is none and the array cannot grow, the error of <see cref="MakeRoom"/>
        /// (and nothing changes).
        /// </summary>
        public SyscallError Unmap(ulong start, ulong end)
        {
            int middle = Find(start);
            if (middle >= 0 && regions[middle].Start < start && regions[middle].End > end)
            {
                SyscallError room = MakeRoom(1);
                if (room != SyscallError.Success)
                    return room;
                SplitAt(middle, end);
            }
            for (int i = count - 1; i >= 0; i--)
            {
                ref Region r = ref regions[i];
                if (r.End <= start || r.Start >= end)
                    continue;
                if (r.Start >= start && r.End <= end)
                {
                    RemoveRegion(i);
                }
                else if (r.Start < start)
                {
                    ReleasePages(r, start, r.End);
                    r.End = start;
                }
                else
                {
                    ReleasePages(r, r.Start, end);
                    r.ObjectPage += (end - r.Start) >> Abi.PageShift;
                    r.Start = end;
                }
            }
            return SyscallError.Success;
        }

        /// <summary>
        /// Changes the protection of [start, end). InvalidAddress if any page is unmapped;
        /// PermissionDenied if a shared mapping's capability does not allow it.
        /// </summary>
        public SyscallError Protect(ulong start, ulong end, ProtectionFlags protection)
        {
            ulong cursor = start;
            while (cursor < end)
            {
                int i = Find(cursor);
                if (i < 0)
                    return SyscallError.InvalidAddress;
                if ((protection & ~regions[i].MaxProtection) != 0)
                    return SyscallError.PermissionDenied;
                cursor = regions[i].End;
            }
            SyscallError e = SplitEdges(start, end);
            if (e != SyscallError.Success)
                return e;
            for (int i = 0; i < count; i++)
            {
                if (regions[i].Start < start || regions[i].End > end)
                    continue;
                regions[i].Protection = protection;
                cachedPage = NoPage;
                ulong page = regions[i].Start;
                while (table.NextMapped(page, regions[i].End, out ulong present, out ulong _))
                {
                    table.Protect(present, protection);
                    page = present + Abi.PageSize;
                }
            }
            return SyscallError.Success;
        }

        /// <summary>
        /// Translates one user address for an access, faulting the page in if needed.
        /// InvalidAddress if unmapped or the protection forbids the access (unless
        /// <paramref name="ignoreProtection"/>, used by the kernel to load images);
        /// OutOfMemory if a frame could not be had.
        /// </summary>
        public SyscallError Resolve(ulong va, ProtectionFlags access, bool ignoreProtection, out ulong physicalPage)
        {
            ulong page = va & ~PageMask;
            if (page == cachedPage && (ignoreProtection || (cachedProtection & access) == access))
            {
                physicalPage = cachedPhysical;
                return SyscallError.Success;
            }
            if (table.Query(page, out physicalPage, out ProtectionFlags present))
            {
                if (present != ProtectionFlags.None)
                {
                    cachedPage = page;
                    cachedPhysical = physicalPage;
                    cachedProtection = present;
                }
                if (ignoreProtection || (present & access) == access)
                    return SyscallError.Success;
                return SyscallError.InvalidAddress;
            }
            int i = Find(page);
            if (i < 0)
                return SyscallError.InvalidAddress;
            if (!ignoreProtection && (regions[i].Protection & access) != access)
                return SyscallError.InvalidAddress;
            return FaultIn(i, page, out physicalPage);
        }

        /// <summary>A user page fault: true if resolved (demand paging), false if the process must be killed.</summary>
        public bool HandleFault(ulong va, ProtectionFlags access, out SyscallError error)
        {
            error = Resolve(va, access, false, out ulong _);
            return error == SyscallError.Success;
        }

        private SyscallError FaultIn(int index, ulong page, out ulong physicalPage)
        {
            ref Region r = ref regions[index];
            bool owned = r.Object == null;
            FrameAllocator frames = kernel.Platform.Frames;
            if (owned)
            {
                // The machine running out is OutOfMemory; this process's share running out is ResourceExhausted.
                physicalPage = 0;
                if (frames.FreeCount == 0)
                    return SyscallError.OutOfMemory;
                if (!Quota.TryCharge(QuotaKind.Frames, 1))
                    return SyscallError.ResourceExhausted;
                if (!frames.TryAllocate(out physicalPage))
                {
                    Quota.Refund(QuotaKind.Frames, 1);
                    return SyscallError.OutOfMemory;
                }
                kernel.Platform.FrameBytes(physicalPage).Clear();
            }
            else
            {
                physicalPage = r.Object.Frames[r.ObjectPage + ((page - r.Start) >> Abi.PageShift)];
            }
            // Page-table frames the map needs are charged as they appear (they come back at Destroy).
            int free = frames.FreeCount;
            bool mapped = table.Map(page, physicalPage, r.Protection);
            Quota.ForceCharge(QuotaKind.Frames, free - frames.FreeCount);
            if (!mapped)
            {
                if (owned)
                {
                    frames.Free(physicalPage);
                    Quota.Refund(QuotaKind.Frames, 1);
                }
                return SyscallError.OutOfMemory;
            }
            return SyscallError.Success;
        }

        /// <summary>
        /// Room for <paramref name="extra"/> more regions: at once if the array has it, else the
        /// array doubles (as often as needed, at most to <see cref="KernelConfig.MaxRegionsPerProcess"/>).
        /// ResourceExhausted past that ceiling or when the Frames quota cannot take the larger
        /// array's pages; OutOfMemory when the kernel heap could not spare it. Nothing changes on
        /// failure. Growth is rare (each doubling serves as many maps as came before it), so the
        /// copy is amortised O(1) per region and the common map allocates nothing.
        /// </summary>
        private SyscallError MakeRoom(int extra)
        {
            int needed = count + extra;
            if (needed <= regions.Length)
                return SyscallError.Success;
            if (needed > maxRegions)
                return SyscallError.ResourceExhausted;
            int capacity = regions.Length > 0 ? regions.Length : 1;
            while (capacity < needed)
                capacity *= 2;
            if (capacity > maxRegions)
                capacity = maxRegions;
            int frames = FramesFor(capacity);
            if (!Quota.TryCharge(QuotaKind.Frames, frames - chargedFrames))
                return SyscallError.ResourceExhausted;
            if (!kernel.HeapCanSpare((ulong)capacity * RegionBytes))
            {
                Quota.Refund(QuotaKind.Frames, frames - chargedFrames);
                return SyscallError.OutOfMemory;
            }
            Region[] grown = new Region[capacity];
            regions.AsSpan(0, count).CopyTo(grown);
            ReplaceRegions(grown, frames);
            return SyscallError.Success;
        }

        /// <summary>The pages a grown array of <paramref name="capacity"/> regions is charged as (whole pages: the quota counts frames).</summary>
        private static int FramesFor(int capacity) => (int)(((ulong)capacity * RegionBytes + Abi.PageSize - 1) >> Abi.PageShift);

        // The process ended (every region is gone): the boot array is back and the quota refunded.
        private void ShrinkToBootRegions()
        {
            if (regions != bootRegions)
                ReplaceRegions(bootRegions, 0);
        }

        // The one place the array changes: the old grown one goes back to the heap, the quota
        // follows the new one's pages.
        private void ReplaceRegions(Region[] next, int frames)
        {
            Region[] old = regions;
            regions = next;
            if (chargedFrames > frames)
                Quota.Refund(QuotaKind.Frames, chargedFrames - frames);
            chargedFrames = frames;
            if (old != bootRegions)
                Objects.Free(old);
        }

        private SyscallError SplitEdges(ulong start, ulong end)
        {
            int a = Find(start);
            bool splitStart = a >= 0 && regions[a].Start < start;
            int b = Find(end);
            bool splitEnd = b >= 0 && regions[b].Start < end;
            SyscallError room = MakeRoom((splitStart ? 1 : 0) + (splitEnd ? 1 : 0));
            if (room != SyscallError.Success)
                return room;
            if (splitStart)
                SplitAt(a, start);
            if (splitEnd)
                SplitAt(Find(end), end);
            return SyscallError.Success;
        }

        private void SplitAt(int index, ulong at)
        {
            for (int i = count; i > index + 1; i--)
                regions[i] = regions[i - 1];
            regions[index + 1] = regions[index];
            regions[index + 1].Start = at;
            regions[index + 1].ObjectPage = regions[index].ObjectPage + ((at - regions[index].Start) >> Abi.PageShift);
            regions[index].End = at;
            if (regions[index].Object != null)
                regions[index].Object.References++;
            count++;
        }

        /// <summary>
        /// Unmaps the present pages of [from, to) in region <paramref name="r"/>, freeing private
        /// frames. Walks only what the page table holds, so a huge reservation with few pages
        /// touched is released in time proportional to those pages.
        /// </summary>
        private void ReleasePages(Region r, ulong from, ulong to)
        {
            cachedPage = NoPage;
            ulong page = from;
            while (table.NextMapped(page, to, out ulong present, out ulong pa))
            {
                table.Unmap(present);
                if (r.Object == null)
                {
                    kernel.Platform.Frames.Free(pa);
                    Quota.Refund(QuotaKind.Frames, 1);
                }
                page = present + Abi.PageSize;
            }
        }

        private void RemoveRegion(int index)
        {
            Region r = regions[index];
            ReleasePages(r, r.Start, r.End);
            for (int i = index; i < count - 1; i++)
                regions[i] = regions[i + 1];
            count--;
            regions[count] = default;
            if (r.Object != null)
                kernel.ReleaseReference(r.Object);
        }
    }
}
