using System.Runtime.CompilerServices;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// A process's region array: 64 from boot, doubling up to 1024 when more mappings are made
    /// (a .NET program with hundreds of threads has a stack and a guard each), the larger array's
    /// pages charged to the Frames quota, and back to the boot array when the process ends.
    /// </summary>
    public class RegionGrowthTests
    {
        private const ProtectionFlags RW = ProtectionFlags.Read | ProtectionFlags.Write;
        private const MapFlags Anon = MapFlags.Private | MapFlags.Anonymous;

        private static ulong Map(TestKernel tk, Thread t) => tk.Raw(t, SyscallFrames.Mmap(0, 4096, RW, Anon, default(Capability), 0));

        [Fact]
        public void The_cost_of_a_region_in_the_array_is_not_underestimated()
        {
            Assert.True(AddressSpace.RegionBytes >= Unsafe.SizeOf<Region>(), $"Region is {Unsafe.SizeOf<Region>()} bytes");
        }

        [Fact]
        public void Regions_grow_past_the_boot_array_charged_to_the_frames_quota_and_shrink_back_at_the_end()
        {
            var tk = new TestKernel();
            var (child, main) = tk.Spawn();
            Assert.Equal(64, child.Memory.RegionCapacity);
            int first = child.Memory.RegionCount;
            long frames = child.Quota.Used(QuotaKind.Frames);
            for (int i = first; i < 300; i++)
                Assert.False(SyscallReturn.IsError(Map(tk, main)));
            Assert.Equal(300, child.Memory.RegionCount);
            Assert.Equal(512, child.Memory.RegionCapacity);
            int charged = (512 * AddressSpace.RegionBytes + 4095) / 4096;
            Assert.Equal(charged, child.Memory.RegionFramesCharged);
            Assert.Equal(frames + charged, child.Quota.Used(QuotaKind.Frames));   // nothing touched: the array is all

            // Every region still where it was: the copy kept them sorted and whole.
            for (int i = 1; i < child.Memory.RegionCount; i++)
                Assert.True(child.Memory.RegionAt(i - 1).End <= child.Memory.RegionAt(i).Start);

            long initFrames = tk.Init.Quota.Used(QuotaKind.Frames);
            tk.Ok(tk.InitThread, SyscallFrames.KillProcess(child.Id));
            Assert.Equal(64, child.Memory.RegionCapacity);
            Assert.Equal(0, child.Memory.RegionFramesCharged);
            Assert.True(tk.Init.Quota.Used(QuotaKind.Frames) < initFrames);   // the child's use, the array's included, left init's count
        }

        [Fact]
        public void The_translation_cache_stays_right_while_the_region_array_grows()
        {
            // Cache a page's translation, grow the array under it, then use and remove that page.
            var tk = new TestKernel();
            Thread t = tk.InitThread;
            ulong page = tk.MapAnon(t, 4096);
            Assert.Equal(SyscallError.Success, UserMemory.Write(tk.Init.Memory, page, 0x1234UL));
            Assert.Equal(SyscallError.Success, UserMemory.Read(tk.Init.Memory, page, out ulong before));
            while (tk.Init.Memory.RegionCapacity < 256)
                Assert.False(SyscallReturn.IsError(Map(tk, t)));
            Assert.Equal(SyscallError.Success, UserMemory.Read(tk.Init.Memory, page, out ulong after));
            Assert.Equal(before, after);
            tk.Ok(t, SyscallFrames.Munmap(page, 4096));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.Read(tk.Init.Memory, page, out ulong _));
        }

        [Fact]
        public void More_than_1024_regions_is_exhausted()
        {
            var tk = new TestKernel();
            Thread t = tk.InitThread;
            ulong three = tk.Ok(t, SyscallFrames.Mmap(0, 3 * 4096, RW, Anon, default(Capability), 0));
            while (tk.Init.Memory.RegionCount < 1024)
                Assert.False(SyscallReturn.IsError(Map(tk, t)));
            Assert.Equal(1024, tk.Init.Memory.RegionCapacity);
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(Map(tk, t)));
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(t, SyscallFrames.Mprotect(three + 4096, 4096, ProtectionFlags.Read)));
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(t, SyscallFrames.Munmap(three + 4096, 4096)));
            Assert.Equal(1024, tk.Init.Memory.RegionCount);
            tk.Ok(t, SyscallFrames.Mprotect(three, 3 * 4096, ProtectionFlags.Read));   // a whole region needs no split
        }

        [Fact]
        public void A_frames_quota_without_room_for_a_larger_array_is_exhausted_and_changes_nothing()
        {
            var tk = new TestKernel();
            var (child, main) = tk.SpawnWithShare(2);
            while (child.Memory.RegionCount < 63)
                Assert.False(SyscallReturn.IsError(Map(tk, main)));
            // Use up the quota but one frame (the array of 128 needs two) in one more region.
            ulong fill = tk.Ok(main, SyscallFrames.Mmap(0, 1UL << 20, RW, Anon, default(Capability), 0));
            for (ulong a = fill; child.Quota.Limit(QuotaKind.Frames) - child.Quota.Used(QuotaKind.Frames) > 1; a += 4096)
                Assert.Equal(SyscallError.Success, UserMemory.Write(child.Memory, a, (byte)1));
            long used = child.Quota.Used(QuotaKind.Frames);
            Assert.Equal(64, child.Memory.RegionCount);
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(Map(tk, main)));
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(main, SyscallFrames.Munmap(fill + 4096, 4096)));
            Assert.Equal(64, child.Memory.RegionCount);
            Assert.Equal(64, child.Memory.RegionCapacity);
            Assert.Equal(used, child.Quota.Used(QuotaKind.Frames));
        }

        [Fact]
        public void A_kernel_heap_that_cannot_spare_a_larger_table_is_out_of_memory_and_changes_nothing()
        {
            var tk = new TestKernel();
            Thread t = tk.InitThread;
            ulong three = tk.Ok(t, SyscallFrames.Mmap(0, 3 * 4096, RW, Anon, default(Capability), 0));
            while (tk.Init.Memory.RegionCount < 64)
                Assert.False(SyscallReturn.IsError(Map(tk, t)));
            // The heap keeps an eighth of itself: 1 MiB with 900 KiB in use has too little left for 128 regions.
            tk.Platform.SimHeapBytes = 1 << 20;
            tk.Platform.SimHeapBytesInUse = 900 << 10;
            long used = tk.Init.Quota.Used(QuotaKind.Frames);
            Assert.Equal(SyscallError.OutOfMemory, SyscallReturn.GetError(Map(tk, t)));
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(t, SyscallFrames.Munmap(three + 4096, 4096)));
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(t, SyscallFrames.Mprotect(three + 4096, 4096, ProtectionFlags.Read)));
            Assert.Equal(64, tk.Init.Memory.RegionCount);
            Assert.Equal(64, tk.Init.Memory.RegionCapacity);
            Assert.Equal(used, tk.Init.Quota.Used(QuotaKind.Frames));
            Assert.Equal(3UL, tk.Init.Memory.RegionAt(tk.Init.Memory.Find(three)).Pages);

            tk.Platform.SimHeapBytesInUse = 100 << 10;
            Assert.False(SyscallReturn.IsError(Map(tk, t)));
            Assert.Equal(128, tk.Init.Memory.RegionCapacity);
        }
    }
}
