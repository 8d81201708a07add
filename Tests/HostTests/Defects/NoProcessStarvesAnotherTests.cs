using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Defects
{
    /// <summary>
    /// Issue 7, defect 3: kernel tables were global with no per-process limit, so one program
    /// could fill one (endpoints, threads that exited unjoined, frames, processes) and every
    /// other process got ResourceExhausted. Each process now has a quota for every kind; a
    /// child's is a share of its parent's, chosen by the parent through the Resource
    /// capability it grants (docs/abi.md §7).
    /// </summary>
    public class NoProcessStarvesAnotherTests
    {
        private readonly TestKernel tk = new TestKernel();

        private int Exhaust(System.Func<bool> create, int max)
        {
            int n = 0;
            while (n < max && create())
                n++;
            return n;
        }

        private bool TryEndpoint(Thread t)
        {
            ulong outp = tk.Reserve(t.Process, 16);
            ulong r = tk.Raw(t, SyscallNumber.IpcEndpointCreate, outp);
            if (SyscallReturn.IsError(r))
            {
                Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(r));
                return false;
            }
            return true;
        }

        [Fact]
        public void Defect3_a_process_that_exhausts_its_endpoint_quota_leaves_endpoints_for_others()
        {
            var (_, hog) = tk.Spawn();
            var (_, other) = tk.Spawn();
            int made = Exhaust(() => TryEndpoint(hog), 1000);
            Assert.True(made < tk.K.Config.MaxEndpoints);
            Assert.True(TryEndpoint(other));
            Assert.True(TryEndpoint(tk.InitThread));
        }

        [Fact]
        public void Defect3_threads_that_exited_unjoined_keep_counting_against_their_process()
        {
            var (_, hog) = tk.Spawn();
            ulong code = tk.MapAnon(hog, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stack = tk.MapAnon(hog, 16384);
            int made = Exhaust(() =>
            {
                ulong r = tk.Raw(hog, SyscallNumber.ThreadCreate, code, stack, 16384, 0);
                if (SyscallReturn.IsError(r))
                    return false;
                tk.Exits(tk.K.LookupThread(new ThreadId(r)), SyscallNumber.ThreadExit, 0);
                return true;
            }, 1000);
            // Bounded by its Threads quota (half of init's), well short of the table.
            Assert.True(made < tk.K.Config.MaxThreads / 2);
            var (_, other) = tk.Spawn();
            Assert.NotNull(tk.NewThread(other));
        }

        [Fact]
        public void Defect3_a_process_that_touches_all_the_memory_it_may_leaves_frames_for_others()
        {
            var (hogProcess, hog) = tk.Spawn();
            const ulong size = 32UL << 20;
            ulong va = tk.MapAnon(hog, size);
            ulong touched = 0;
            while (touched < size && Veridian.Kernel.Memory.UserMemory.Write(hogProcess.Memory, va + touched, 1UL) == SyscallError.Success)
                touched += 4096;
            Assert.True(touched < size);
            var (_, other) = tk.Spawn();
            tk.MapAnon(other, 256 * 1024, extra: MapFlags.Populate);
        }

        [Fact]
        public void Defect3_a_process_that_exhausts_its_process_quota_leaves_processes_for_others()
        {
            var (_, hog) = tk.Spawn();
            byte[] image = ElfBuilder.Minimal().Build();
            int made = Exhaust(() => !SyscallReturn.IsError(tk.CreateRaw(hog, image)), 1000);
            Assert.True(made < tk.K.Config.MaxProcesses - 2);
            var (_, other) = tk.Spawn();
            Assert.False(SyscallReturn.IsError(tk.CreateRaw(other, image)));
        }

        [Fact]
        public void Defect3_children_cannot_multiply_their_parents_share()
        {
            var (hogProcess, hog) = tk.Spawn();
            var (_, grandchild) = tk.Spawn(hog);
            int byGrandchild = Exhaust(() => TryEndpoint(grandchild), 1000);
            int byHog = Exhaust(() => TryEndpoint(hog), 1000);
            Assert.Equal(hogProcess.Quota.Limit(QuotaKind.Endpoints), byHog + byGrandchild);
            var (_, other) = tk.Spawn();
            Assert.True(TryEndpoint(other));
        }

        [Fact]
        public void Defect3_the_parent_chooses_the_childs_share_with_a_resource_capability()
        {
            ulong tenPercent = tk.Ok(tk.InitThread, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Resource, 10,
                Rights.ValidMask, tk.RootResource.Raw);
            var (child, main) = tk.Spawn(tk.InitThread, new Capability(tenPercent));
            long expected = tk.Init.Quota.Limit(QuotaKind.Endpoints) / 10;
            Assert.Equal(expected, child.Quota.Limit(QuotaKind.Endpoints));
            Assert.Equal((int)expected, Exhaust(() => TryEndpoint(main), 1000));
        }

        [Fact]
        public void Resource_shares_outside_1_to_100_percent_are_invalid()
        {
            foreach (ulong share in new ulong[] { 0, 101, ulong.MaxValue })
                Assert.Equal(SyscallError.InvalidParameter, tk.Err(tk.InitThread, SyscallNumber.CapabilityCreate,
                    (ulong)ObjectType.Resource, share, Rights.ValidMask, tk.RootResource.Raw));
        }

        /// <summary>Init's use without its own resident pages (the test harness touches init's heap as it goes).</summary>
        private long Used(Quota q, QuotaKind k)
        {
            long own = k == QuotaKind.Frames ? ((SimulatedPageTable)tk.Init.Memory.Table).Entries.Count : 0;
            return q.Used(k) - own;
        }

        [Fact]
        public void Everything_a_child_used_is_refunded_to_its_parent_when_it_ends()
        {
            Quota q = tk.Init.Quota;
            var share = new Capability(tk.Ok(tk.InitThread, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Resource, 50,
                Rights.ValidMask, tk.RootResource.Raw));
            tk.Reserve(tk.Init, 16);
            var before = new long[Quota.KindCount];
            ulong exitInfo = tk.Reserve(tk.Init, 24);
            var (probeProcess, probe) = tk.Spawn(tk.InitThread, share);
            tk.Exits(probe, SyscallNumber.Exit, 0);
            tk.Ok(tk.InitThread, SyscallNumber.ProcessWait, probeProcess.Id.Raw, 0, exitInfo);
            for (int k = 0; k < Quota.KindCount; k++)
                before[k] = Used(q, (QuotaKind)k);

            var (child, main) = tk.Spawn(tk.InitThread, share);
            var ep = tk.NewEndpoint(main);
            var ep2 = tk.NewEndpoint(main);
            tk.NewChannel(main, ep, ep2);
            tk.Ok(main, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Memory, 3 * 4096, Rights.ValidMask, tk.Granted(main)[0].Raw);
            tk.Ok(main, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Resource, 5, Rights.ValidMask, tk.Granted(main)[0].Raw);
            tk.MapAnon(main, 8 * 4096, extra: MapFlags.Populate);
            tk.NewThread(main);
            Assert.True(q.Used(QuotaKind.Endpoints) > before[(int)QuotaKind.Endpoints]);
            tk.Exits(main, SyscallNumber.Exit, 0);
            Assert.Equal(before[(int)QuotaKind.Processes] + 1, q.Used(QuotaKind.Processes)); // a zombie counts until reaped
            tk.Ok(tk.InitThread, SyscallNumber.ProcessWait, child.Id.Raw, 0, exitInfo);

            for (int k = 0; k < Quota.KindCount; k++)
                Assert.Equal((k, before[k]), (k, Used(q, (QuotaKind)k)));
        }

        [Fact]
        public void Tables_are_sized_from_machine_memory_with_the_defaults_as_the_floor()
        {
            var d = Veridian.Kernel.KernelConfig.Default;
            var small = Veridian.Kernel.KernelConfig.ForMachine(1024);
            Assert.Equal(d.MaxEndpoints, small.MaxEndpoints);
            Assert.Equal(d.MaxMessages, small.MaxMessages);
            var big = Veridian.Kernel.KernelConfig.ForMachine(4UL << 20); // 16 GiB
            Assert.Equal(d.MaxEndpoints * 8, big.MaxEndpoints);
            Assert.Equal(d.MaxThreads * 8, big.MaxThreads);
            Assert.Equal(d.MaxRegionsPerProcess, big.MaxRegionsPerProcess);
            var mid = Veridian.Kernel.KernelConfig.ForMachine(512UL * 1024 * 1024 / 4096);
            Assert.Equal(d.MaxProcesses * 2, mid.MaxProcesses);
            var k = new TestKernel(mid, frames: 64);
            Assert.Equal(mid.MaxEndpoints, k.K.Ipc.Endpoints.Capacity);
        }
    }
}
