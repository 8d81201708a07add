using Veridian.Kernel.Memory;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Defects
{
    /// <summary>
    /// Issue 7, defect 1: munmap, mprotect, exit and the clean-up of a failed MAP_POPULATE or
    /// ELF load used to query the page table once per page of the range. Each test gives the
    /// simulated page table a work budget far below the range's page count (2^30 pages), so
    /// per-page walking throws while walking only resident pages passes.
    /// </summary>
    public class ReleaseCostFollowsResidentPagesTests
    {
        private const ulong Huge = 1UL << 42;
        private const long Budget = 100_000;
        private readonly TestKernel tk = new TestKernel();

        private SimulatedPageTable TableOf(Veridian.Kernel.Tasks.Process p) => (SimulatedPageTable)p.Memory.Table;

        private ulong MapHuge(Veridian.Kernel.Tasks.Thread t, MapFlags extra = MapFlags.None)
            => tk.Raw(t, SyscallNumber.Mmap, 0, Huge, (ulong)(ProtectionFlags.Read | ProtectionFlags.Write),
                (ulong)(MapFlags.Private | MapFlags.Anonymous | extra), 0, 0);

        [Fact]
        public void Defect1_munmap_of_a_huge_touched_reservation_costs_its_resident_pages()
        {
            var (child, main) = tk.Spawn();
            ulong va = SyscallReturn.GetValue(MapHuge(main));
            UserMemory.Write(child.Memory, va, 1UL);
            UserMemory.Write(child.Memory, va + Huge - 8, 2UL);
            int free = tk.Platform.Frames.FreeCount;
            TableOf(child).Budget = TableOf(child).Operations + Budget;
            tk.Ok(main, SyscallNumber.Munmap, va, Huge);
            Assert.Equal(free + 2, tk.Platform.Frames.FreeCount);
        }

        [Fact]
        public void Defect1_mprotect_of_a_huge_reservation_costs_its_resident_pages()
        {
            var (child, main) = tk.Spawn();
            ulong va = SyscallReturn.GetValue(MapHuge(main));
            UserMemory.Write(child.Memory, va + Huge / 2, 1UL);
            TableOf(child).Budget = TableOf(child).Operations + Budget;
            tk.Ok(main, SyscallNumber.Mprotect, va, Huge, (ulong)ProtectionFlags.Read);
            Assert.True(TableOf(child).Query(va + Huge / 2, out _, out ProtectionFlags prot));
            Assert.Equal(ProtectionFlags.Read, prot);
        }

        [Fact]
        public void Defect1_exit_with_a_huge_reservation_costs_its_resident_pages()
        {
            var (child, main) = tk.Spawn();
            MapHuge(main);
            // Its resident pages and its one thread's kernel stack come back.
            int free = tk.Platform.Frames.FreeCount + TableOf(child).Entries.Count + SimulatedPlatform.StackFrames;
            TableOf(child).Budget = TableOf(child).Operations + Budget;
            tk.Exits(main, SyscallNumber.Exit, 0);
            Assert.Equal(free, tk.Platform.Frames.FreeCount);
        }

        [Fact]
        public void Defect1_failed_populate_of_a_huge_range_is_undone_in_time_proportional_to_what_it_allocated()
        {
            var (child, main) = tk.Spawn();
            int free = tk.Platform.Frames.FreeCount;
            TableOf(child).Budget = TableOf(child).Operations + Budget;
            // The child's frame quota (half of init's) runs out before the machine does.
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(MapHuge(main, MapFlags.Populate)));
            Assert.Equal(free, tk.Platform.Frames.FreeCount);
        }

        [Fact]
        public void Defect1_process_create_with_a_huge_bss_fails_and_cleans_up_quickly()
        {
            var image = ElfBuilder.WithData();
            image.Segments[1].MemorySize = Huge;
            byte[] elf = image.Build();
            ulong bin = tk.Put(tk.Init, elf);
            ulong caps = tk.PutStruct(tk.Init, tk.RootResource); // the child's share is init's whole quota
            int free = tk.Platform.Frames.FreeCount;
            tk.Platform.PageTableBudget = Budget;
            ulong r = tk.Raw(tk.InitThread, SyscallNumber.ProcessCreate, bin, (ulong)elf.Length, 0, 0, caps, 1);
            tk.Platform.PageTableBudget = long.MaxValue;
            Assert.Equal(SyscallError.OutOfMemory, SyscallReturn.GetError(r));
            Assert.Equal(free, tk.Platform.Frames.FreeCount);
        }
    }
}
