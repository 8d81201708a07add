using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class MemoryTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;
        private Process P => tk.Init;
        private const ProtectionFlags RW = ProtectionFlags.Read | ProtectionFlags.Write;
        private const MapFlags Anon = MapFlags.Private | MapFlags.Anonymous;

        private ulong Mmap(ulong addr, ulong len, ProtectionFlags prot, MapFlags flags, Capability cap = default, ulong off = 0)
            => tk.Raw(T, SyscallFrames.Mmap(addr, len, prot, flags, cap, off));

        private static SyscallError E(ulong raw) => SyscallReturn.GetError(raw);

        [Fact]
        public void Anonymous_mapping_is_lazy_zeroed_and_page_aligned()
        {
            int free = tk.Platform.SimFrames.FreeCount;
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 10000, RW, Anon, default(Capability), 0));
            Assert.Equal(0UL, a % 4096);
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(new byte[16], tk.Peek(P, a + 8000, 16));
            Assert.Equal(free - 1, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(3UL, P.Memory.RegionAt(P.Memory.Find(a)).Pages);
        }

        [Fact]
        public void No_mapping_is_ever_writable_and_executable()
        {
            ProtectionFlags rwx = (ProtectionFlags.Read | ProtectionFlags.Write | ProtectionFlags.Exec);
            ProtectionFlags wx = (ProtectionFlags.Write | ProtectionFlags.Exec);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Mmap(0, 4096, rwx, Anon, default(Capability), 0)));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Mmap(0, 4096, wx, Anon, default(Capability), 0)));
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 4096, RW, Anon, default(Capability), 0));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Mprotect(a, 4096, rwx)));
            tk.Ok(T, SyscallFrames.Mprotect(a, 4096, (ProtectionFlags.Read | ProtectionFlags.Exec)));
        }

        [Fact]
        public void Populate_commits_all_pages_now()
        {
            int free = tk.Platform.SimFrames.FreeCount;
            tk.Ok(T, SyscallFrames.Mmap(0, 5 * 4096, RW, (MapFlags)(Anon | MapFlags.Populate), default(Capability), 0));
            Assert.Equal(free - 5, tk.Platform.SimFrames.FreeCount);
        }

        [Fact]
        public void Populate_out_of_memory_rolls_back()
        {
            var small = new TestKernel(null, frames: 10);
            int free = small.Platform.SimFrames.FreeCount;
            ulong r = small.Raw(small.InitThread, SyscallFrames.Mmap(0, 20 * 4096, RW, (MapFlags)(Anon | MapFlags.Populate), default(Capability), 0));
            Assert.Equal(SyscallError.OutOfMemory, E(r));
            Assert.Equal(free, small.Platform.SimFrames.FreeCount);
            Assert.Equal(0, small.Init.Memory.RegionCount);
        }

        [Fact]
        public void Page_table_failure_is_out_of_memory()
        {
            var small = new TestKernel();
            ((SimulatedPageTable)small.Init.Memory.Table).FailMaps = true;
            int free = small.Platform.SimFrames.FreeCount;
            Assert.Equal(SyscallError.OutOfMemory, E(small.Raw(small.InitThread, SyscallFrames.Mmap(0, 4096, RW, (MapFlags)(Anon | MapFlags.Populate), default(Capability), 0))));
            Assert.Equal(free, small.Platform.SimFrames.FreeCount);
        }

        [Fact]
        public void Fixed_maps_exactly_there_and_refuses_overlap()
        {
            ulong at = 0x2000_0000;
            Assert.Equal(at, tk.Ok(T, SyscallFrames.Mmap(at, 8192, RW, (MapFlags)(Anon | MapFlags.Fixed), default(Capability), 0)));
            Assert.Equal(SyscallError.AlreadyExists, E(Mmap(at + 4096, 8192, RW, Anon | MapFlags.Fixed)));
            Assert.Equal(SyscallError.AlreadyExists, E(Mmap(at - 4096, 8192, RW, Anon | MapFlags.Fixed)));
            Assert.Equal(at + 8192, tk.Ok(T, SyscallFrames.Mmap(at + 8192, 4096, RW, (MapFlags)(Anon | MapFlags.Fixed), default(Capability), 0)));
        }

        [Fact]
        public void A_hint_is_used_when_free_and_ignored_when_not()
        {
            ulong at = 0x3000_0000;
            Assert.Equal(at, tk.Ok(T, SyscallFrames.Mmap(at, 4096, RW, Anon, default(Capability), 0)));
            ulong other = tk.Ok(T, SyscallFrames.Mmap(at, 4096, RW, Anon, default(Capability), 0));
            Assert.NotEqual(at, other);
        }

        [Fact]
        public void Mmap_parameter_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 0, RW, Anon)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, ulong.MaxValue, RW, Anon)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, (ProtectionFlags)8, Anon)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, RW, Anon | (MapFlags)64)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, RW, MapFlags.Anonymous)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, RW, Anon | MapFlags.Shared)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0x1234, 4096, RW, Anon)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, RW, Anon, default, 4096)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, RW, Anon, tk.ConsoleCap)));
            Assert.Equal(SyscallError.InvalidParameter, E(tk.Raw(T, SyscallNumber.Mmap, 0, 4096, 1UL << 40, (ulong)Anon, 0, 0))); // register-level: prot above 32 bits
            Assert.Equal(SyscallError.NotSupported, E(Mmap(0, 4096, RW, (MapFlags.Shared | MapFlags.Anonymous))));
            Assert.Equal(SyscallError.NotSupported, E(Mmap(0, 4096, RW, MapFlags.Private, tk.NewMemory(T, 4096))));
        }

        [Fact]
        public void Mmap_address_errors()
        {
            MapFlags fixedAnon = Anon | MapFlags.Fixed;
            Assert.Equal(SyscallError.InvalidAddress, E(Mmap(0, 4096, RW, fixedAnon)));
            Assert.Equal(SyscallError.InvalidAddress, E(Mmap(0x1000, 4096, RW, fixedAnon))); // the null guard
            Assert.Equal(SyscallError.InvalidAddress, E(Mmap(0xFFFF_8000_0000_0000, 4096, RW, fixedAnon)));
            Assert.Equal(SyscallError.InvalidAddress, E(Mmap(0x0000_7FFF_FFFF_F000, 8192, RW, fixedAnon)));
            Assert.Equal(SyscallError.InvalidAddress, E(Mmap(0x0000_8000_0000_0000, 4096, RW, fixedAnon)));
        }

        [Fact]
        public void Address_space_full_is_out_of_memory_and_region_table_full_is_exhausted()
        {
            Assert.Equal(SyscallError.OutOfMemory, E(Mmap(0, Abi.UserEnd - Abi.UserBase, RW, Anon)));
            var cfg = Veridian.Kernel.KernelConfig.Default;
            cfg.MaxRegionsPerProcess = 2;
            var small = new TestKernel(cfg);
            small.MapAnon(small.InitThread, 4096);
            small.MapAnon(small.InitThread, 4096, ProtectionFlags.Read);
            Assert.Equal(SyscallError.ResourceExhausted, E(small.Raw(small.InitThread, SyscallFrames.Mmap(0, 4096, RW, Anon, default(Capability), 0))));
        }

        [Fact]
        public void Munmap_frees_pages_splits_regions_and_tolerates_holes()
        {
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 4 * 4096, RW, (MapFlags)(Anon | MapFlags.Populate), default(Capability), 0));
            int free = tk.Platform.SimFrames.FreeCount;
            int regions = P.Memory.RegionCount;
            tk.Ok(T, SyscallFrames.Munmap(a + 4096, 2 * 4096));
            Assert.Equal(free + 2, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(regions + 1, P.Memory.RegionCount);
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CopyIn(P.Memory, a + 4096, new byte[1]));
            Assert.Equal(SyscallError.Success, UserMemory.CopyIn(P.Memory, a + 3 * 4096, new byte[1]));
            tk.Ok(T, SyscallFrames.Munmap(a, 4 * 4096));
            Assert.Equal(free + 4, tk.Platform.SimFrames.FreeCount);
            tk.Ok(T, SyscallFrames.Munmap(a, 4 * 4096));
        }

        [Fact]
        public void Munmap_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Munmap(0x2000_0001, 4096)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Munmap(0x2000_0000, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Munmap(0, 4096)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Munmap(0xFFFF_8000_0000_0000, 4096)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Munmap(0x2000_0000, ulong.MaxValue - 4096)));
        }

        [Fact]
        public void Mprotect_changes_access_and_needs_full_coverage()
        {
            ulong a = tk.MapAnon(T, 3 * 4096);
            Assert.Equal(SyscallError.Success, UserMemory.CopyOut(P.Memory, a, new byte[] { 1 }));
            tk.Ok(T, SyscallFrames.Mprotect(a, 4096, ProtectionFlags.Read));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CopyOut(P.Memory, a, new byte[] { 1 }));
            Assert.Equal(SyscallError.Success, UserMemory.CopyIn(P.Memory, a, new byte[1]));
            Assert.Equal(SyscallError.Success, UserMemory.CopyOut(P.Memory, a + 4096, new byte[] { 1 }));
            tk.Ok(T, SyscallFrames.Mprotect(a, 4096, ProtectionFlags.None));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CopyIn(P.Memory, a, new byte[1]));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Mprotect(a, 4 * 4096, RW)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Mprotect(0x5555_0000, 4096, RW)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Mprotect(a, 4096, (ProtectionFlags)0x80)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Mprotect(a + 1, 4096, RW)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Mprotect(a, 0, RW)));
        }

        [Fact]
        public void Shared_memory_is_the_same_frames_in_two_processes()
        {
            Capability mem = tk.NewMemory(T, 8192, Rights.ReadBit | Rights.WriteBit | Rights.GrantBit);
            var (child, main) = tk.Spawn(null, mem);
            Capability childMem = tk.Granted(main)[0];
            MapFlags shared = MapFlags.Shared;
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 8192, RW, shared, mem, 0));
            ulong b = tk.Ok(main, SyscallFrames.Mmap(0, 4096, RW, shared, childMem, 4096));
            Assert.Equal(SyscallError.Success, UserMemory.CopyOut(P.Memory, a + 4096 + 5, new byte[] { 42 }));
            Assert.Equal(new byte[] { 42 }, tk.Peek(child, b + 5, 1));
        }

        [Fact]
        public void Shared_mapping_rights_and_range_checks()
        {
            Capability ro = tk.NewMemory(T, 8192, Rights.ReadBit);
            MapFlags shared = MapFlags.Shared;
            Assert.Equal(SyscallError.PermissionDenied, E(Mmap(0, 4096, RW, shared, ro)));
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 4096, ProtectionFlags.Read, shared, ro, 0));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Mprotect(a, 4096, RW)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, ProtectionFlags.Read, shared, ro, 8192)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 3 * 4096, ProtectionFlags.Read, shared, ro, 0)));
            Assert.Equal(SyscallError.InvalidParameter, E(Mmap(0, 4096, ProtectionFlags.Read, shared, ro, 100)));
            Assert.Equal(SyscallError.InvalidCapability, E(Mmap(0, 4096, ProtectionFlags.Read, shared, default)));
            Assert.Equal(SyscallError.InvalidCapability, E(Mmap(0, 4096, ProtectionFlags.Read, shared, tk.ConsoleCap)));
        }

        [Fact]
        public void Memory_object_lives_while_mapped_and_dies_with_the_last_reference()
        {
            Capability mem = tk.NewMemory(T, 4096);
            ulong a = tk.Ok(T, SyscallFrames.Mmap(0, 4096, RW, MapFlags.Shared, mem, 0));
            tk.Ok(T, SyscallFrames.CapabilityRevoke(mem));
            Assert.Equal(1, tk.K.LiveMemoryObjectCount);
            Assert.Equal(SyscallError.Success, UserMemory.CopyOut(P.Memory, a, new byte[] { 1 }));
            tk.Ok(T, SyscallFrames.Munmap(a, 4096));
            Assert.Equal(0, tk.K.LiveMemoryObjectCount);
        }

        [Fact]
        public void Demand_fault_maps_and_bad_faults_kill()
        {
            var (child, main) = tk.Spawn();
            ulong a = tk.MapAnon(main, 4096);
            Assert.True(tk.K.Tasks.HandlePageFault(main, a + 100, ProtectionFlags.Write));
            Assert.True(child.Memory.Table.Query(a, out _, out _));
            ulong ro = tk.MapAnon(main, 4096, ProtectionFlags.Read);
            Assert.False(tk.K.Tasks.HandlePageFault(main, ro, ProtectionFlags.Write));
            Assert.Equal(ProcessState.Zombie, child.State);
        }

        [Fact]
        public void User_copy_rejects_null_kernel_overflow_and_unmapped()
        {
            byte[] one = new byte[1];
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0xFFF, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0xFFFF_8000_0000_0000, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0x0000_8000_0000_0000, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0x0000_7FFF_FFFF_FFFF, 2));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CheckRange(0x1_0000, ulong.MaxValue));
            Assert.Equal(SyscallError.Success, UserMemory.CheckRange(0, 0));
            Assert.Equal(SyscallError.Success, UserMemory.CheckRange(0x0000_7FFF_FFFF_FFFF, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CopyIn(P.Memory, 0x4444_0000, one));
            ulong a = tk.MapAnon(T, 4096);
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.CopyIn(P.Memory, a + 4095, new byte[2]));
        }
    }
}
