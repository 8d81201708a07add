using System.Text;
using Veridian.Kernel;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class ProcessTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        private ulong Wait(Thread t, ProcessId pid, ulong timeout, out ulong outp)
        {
            outp = tk.Reserve(t.Process, 24);
            return tk.Raw(t, SyscallFrames.WaitProcess(pid, timeout, new UserOutPtr<ProcessExitInfo>(outp)));
        }

        [Fact]
        public void Create_loads_the_image_and_leaves_the_process_unstarted()
        {
            var elf = ElfBuilder.WithData();
            ulong r = tk.CreateRaw(T, elf.Build(), new[] { "hello", "", "world" });
            Assert.False(SyscallReturn.IsError(r));
            Process p = tk.K.LookupProcess(new ProcessId(r));
            Assert.Equal(ProcessState.Created, p.State);
            Assert.Equal(ThreadState.Blocked, p.MainThread.State);
            Assert.Equal(0x40_0000UL, p.MainThread.EntryPoint);
            Assert.Equal(elf.Segments[0].Data, tk.Peek(p, 0x40_0000, elf.Segments[0].Data.Length));
            Assert.Equal(elf.Segments[1].Data, tk.Peek(p, 0x60_0000, 8));
            Assert.Equal(new byte[16], tk.Peek(p, 0x60_0008, 16)); // .bss is zero
            Assert.Equal(0UL, p.MainThread.StackPointer & 15);

            var info = tk.PeekStruct<StartInfo>(p, p.MainThread.Argument);
            Assert.Equal(3UL, info.ArgCount);
            string[] args = new string[3];
            for (int i = 0; i < 3; i++)
            {
                var s = tk.PeekStruct<UserString>(p, info.Args + (ulong)i * 16);
                args[i] = Encoding.UTF8.GetString(tk.Peek(p, s.Pointer, (int)s.Length));
            }
            Assert.Equal(new[] { "hello", "", "world" }, args);
        }

        [Fact]
        public void Segment_protections_come_from_the_program_headers()
        {
            ulong r = tk.CreateRaw(T, ElfBuilder.WithData().Build());
            Process p = tk.K.LookupProcess(new ProcessId(r));
            var text = p.Memory.RegionAt(p.Memory.Find(0x40_0000));
            var data = p.Memory.RegionAt(p.Memory.Find(0x60_0000));
            Assert.Equal(ProtectionFlags.Read | ProtectionFlags.Exec, text.Protection);
            Assert.Equal(ProtectionFlags.Read | ProtectionFlags.Write, data.Protection);
        }

        [Fact]
        public void Start_runs_the_main_thread_once()
        {
            var pid = new ProcessId(tk.CreateRaw(T, ElfBuilder.Minimal().Build()));
            tk.Ok(T, SyscallFrames.StartProcess(pid));
            Process p = tk.K.LookupProcess(pid);
            Assert.Equal(ThreadState.Ready, p.MainThread.State);
            Assert.Equal(SyscallError.Busy, tk.Err(T, SyscallFrames.StartProcess(pid)));
        }

        [Fact]
        public void Only_the_parent_may_start_or_wait()
        {
            var (_, other) = tk.Spawn();
            var pid = new ProcessId(tk.CreateRaw(T, ElfBuilder.Minimal().Build()));
            Assert.Equal(SyscallError.NotFound, tk.Err(other, SyscallFrames.StartProcess(pid)));
            ulong outp = tk.Reserve(other.Process, 24);
            Assert.Equal(SyscallError.NotFound, tk.Err(other, SyscallFrames.WaitProcess(pid, 0, new UserOutPtr<ProcessExitInfo>(outp))));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.StartProcess(new ProcessId(0x1234))));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.WaitProcess(new ProcessId(0x1234), 0, new UserOutPtr<ProcessExitInfo>(outp))));
        }

        [Fact]
        public void Exit_code_reaches_a_waiting_parent()
        {
            var (child, main) = tk.Spawn();
            ulong outp = tk.Reserve(T.Process, 24);
            tk.Blocks(T, SyscallFrames.WaitProcess(child.Id, Abi.WaitForever, new UserOutPtr<ProcessExitInfo>(outp)));
            tk.Exits(main, SyscallFrames.Exit(-42));
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(T));
            var info = tk.PeekStruct<ProcessExitInfo>(T.Process, outp);
            Assert.Equal(-42, info.ExitCode);
            Assert.Equal(ExitReason.Exited, info.Reason);
            Assert.Null(tk.K.LookupProcess(child.Id));
        }

        [Fact]
        public void Wait_on_an_already_exited_child_returns_at_once_and_reaps()
        {
            var (child, main) = tk.Spawn();
            ProcessId pid = child.Id;
            tk.Exits(main, SyscallFrames.Exit(7));
            Assert.Equal(ProcessState.Zombie, child.State);
            Assert.Equal(0UL, SyscallReturn.GetValue(Wait(T, pid, 0, out ulong outp)));
            Assert.Equal(7, tk.PeekStruct<ProcessExitInfo>(T.Process, outp).ExitCode);
            Assert.Equal(SyscallError.NotFound, SyscallReturn.GetError(Wait(T, pid, 0, out _)));
        }

        [Fact]
        public void Wait_timeouts()
        {
            var (child, _) = tk.Spawn();
            Assert.Equal(SyscallError.Timeout, SyscallReturn.GetError(Wait(T, child.Id, 0, out _)));
            ulong outp = tk.Reserve(T.Process, 24);
            tk.Blocks(T, SyscallFrames.WaitProcess(child.Id, 1_000_000, new UserOutPtr<ProcessExitInfo>(outp)));
            tk.K.AdvanceTime(1_000_000);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(T));
            Assert.Null(child.Waiter);
        }

        [Fact]
        public void Wait_out_pointer_and_single_waiter()
        {
            var (child, _) = tk.Spawn();
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(0))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(0xFFFF_F000_0000_0000))));
            Thread second = tk.NewThread(T);
            ulong outp = tk.Reserve(T.Process, 24);
            tk.Blocks(T, SyscallFrames.WaitProcess(child.Id, Abi.WaitForever, new UserOutPtr<ProcessExitInfo>(outp)));
            Assert.Equal(SyscallError.Busy, tk.Err(second, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(outp))));
        }

        [Fact]
        public void A_fault_is_reported_as_faulted_with_code_and_address()
        {
            var (child, main) = tk.Spawn();
            ulong outp = tk.Reserve(T.Process, 24);
            tk.Blocks(T, SyscallFrames.WaitProcess(child.Id, Abi.WaitForever, new UserOutPtr<ProcessExitInfo>(outp)));
            Assert.False(tk.K.Tasks.HandlePageFault(main, 0xDEAD_0000, ProtectionFlags.Write));
            var info = tk.PeekStruct<ProcessExitInfo>(T.Process, outp);
            Assert.Equal(ExitReason.Faulted, info.Reason);
            Assert.Equal(FaultCode.PageFault, info.FaultCode);
            Assert.Equal(0xDEAD_0000UL, info.FaultAddress);
        }

        [Fact]
        public void Exit_releases_memory_capabilities_endpoints_and_threads()
        {
            int capsBefore = T.Process.Capabilities.Count;
            Capability console = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, new Rights(Rights.WriteBit | Rights.GrantBit))));
            var (child, main) = tk.Spawn(null, console);
            tk.MapAnon(main, 64 * 1024, extra: MapFlags.Populate);
            tk.NewEndpoint(main);
            tk.NewMemory(T, 4096, Rights.ReadBit | Rights.GrantBit);
            tk.NewThread(main);
            Assert.Equal(2, child.LiveThreads);
            tk.Exits(main, SyscallFrames.Exit(0));
            Assert.Equal(0, child.Capabilities.Count);
            Assert.Equal(0, child.Memory.RegionCount);
            Assert.Equal(0, tk.K.LiveEndpointCount);
            Assert.Equal(1, tk.K.LiveThreadCount);
            // What remains allocated belongs to init: its heap pages and the memory object.
            Assert.Equal(capsBefore + 2, T.Process.Capabilities.Count);
            Assert.Equal(ProcessState.Zombie, child.State);
            ulong outp = tk.Reserve(T.Process, 24);
            tk.Ok(T, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(outp)));
            Assert.Null(tk.K.LookupProcess(child.Id));
            // Frame accounting: every frame is free, mapped by init, held by init's memory object, or init's thread's kernel stack.
            Assert.Single(tk.Platform.PageTables);
            Assert.Single(tk.Platform.KernelStacks);
            Assert.Equal(tk.Platform.SimFrames.Total,
                tk.Platform.SimFrames.FreeCount + tk.Platform.PageTables[0].Entries.Count + 1 + tk.Platform.KernelStackFramesInUse);
        }

        [Fact]
        public void Grants_need_the_grant_right_and_a_valid_token()
        {
            Capability noGrant = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, Rights.Write)));
            Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(tk.CreateRaw(T, ElfBuilder.Minimal().Build(), null, new[] { noGrant })));
            Assert.Equal(SyscallError.InvalidCapability, SyscallReturn.GetError(tk.CreateRaw(T, ElfBuilder.Minimal().Build(), null, new[] { new Capability(99) })));
            Assert.Equal(1, tk.K.LiveProcessCount);
        }

        [Fact]
        public void Granted_capabilities_keep_their_rights_and_nothing_more()
        {
            Capability w = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, new Rights(Rights.WriteBit | Rights.GrantBit))));
            var (child, main) = tk.Spawn(null, w);
            Capability[] got = tk.Granted(main);
            Assert.Single(got);
            Assert.Equal(SyscallError.Success, SyscallReturn.GetError(tk.Raw(main, SyscallFrames.CapabilityValidate(got[0], new Rights(Rights.WriteBit | Rights.GrantBit)))));
            Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(tk.Raw(main, SyscallFrames.CapabilityValidate(got[0], Rights.Derive))));
            Assert.Equal(1, child.Capabilities.Count);
        }

        [Fact]
        public void Create_argument_errors()
        {
            byte[] elf = ElfBuilder.Minimal().Build();
            ulong bin = tk.Put(T.Process, elf);
            SyscallError C(ulong b, ulong len, ulong args, ulong argc, ulong caps, ulong capc)
                => tk.Err(T, SyscallFrames.CreateProcess(new UserBuffer(b, len), new UserArray<UserString>(args, argc), new UserArray<Capability>(caps, capc)));
            Assert.Equal(SyscallError.InvalidParameter, C(bin, 10, 0, 0, 0, 0));
            Assert.Equal(SyscallError.InvalidParameter, C(bin, ulong.MaxValue, 0, 0, 0, 0));
            Assert.Equal(SyscallError.InvalidAddress, C(0, (ulong)elf.Length, 0, 0, 0, 0));
            Assert.Equal(SyscallError.InvalidAddress, C(0xFFFF_8000_0000_0000, (ulong)elf.Length, 0, 0, 0, 0));
            Assert.Equal(SyscallError.InvalidAddress, C(0x7000_0000, (ulong)elf.Length, 0, 0, 0, 0));
            Assert.Equal(SyscallError.InvalidParameter, C(bin, (ulong)elf.Length, 0, 1000, 0, 0));
            Assert.Equal(SyscallError.InvalidParameter, C(bin, (ulong)elf.Length, 0, 0, 0, 1000));
            Assert.Equal(SyscallError.InvalidAddress, C(bin, (ulong)elf.Length, 0, 1, 0, 0));
            Assert.Equal(SyscallError.InvalidAddress, C(bin, (ulong)elf.Length, 0, 0, 0, 1));
            ulong argv = tk.PutStruct(T.Process, new UserString(0xFFFF_8000_0000_0000, 5));
            Assert.Equal(SyscallError.InvalidAddress, C(bin, (ulong)elf.Length, argv, 1, 0, 0));
            ulong huge = tk.PutStruct(T.Process, new UserString(bin, 5000));
            Assert.Equal(SyscallError.InvalidParameter, C(bin, (ulong)elf.Length, huge, 1, 0, 0));
            Assert.Equal(1, tk.K.LiveProcessCount);
        }

        [Fact]
        public void Bad_elf_is_invalid_parameter()
        {
            var bad = ElfBuilder.Minimal();
            bad.Ident[0] = 0;
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(tk.CreateRaw(T, bad.Build())));
            var truncated = ElfBuilder.Minimal().Build()[..100];
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(tk.CreateRaw(T, truncated)));
        }

        [Fact]
        public void Process_table_exhaustion()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxProcesses = 2;
            var small = new TestKernel(cfg);
            small.Spawn();
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(small.CreateRaw(small.InitThread, ElfBuilder.Minimal().Build())));
        }

        [Fact]
        public void Out_of_memory_while_loading_leaves_nothing_behind()
        {
            var small = new TestKernel(null, frames: 90);
            int before = small.Platform.SimFrames.FreeCount;
            var elf = ElfBuilder.Minimal();
            elf.Segments[0].MemorySize = 400 * 4096;
            // The heap for the image itself is mapped first; measure after it.
            ulong bin = small.Put(small.Init, elf.Build());
            // Granting the root resource gives the child init's whole quota, so the machine runs out first.
            ulong caps = small.PutStruct(small.Init, small.RootResource);
            int afterPut = small.Platform.SimFrames.FreeCount;
            ulong r = small.Raw(small.InitThread, SyscallFrames.CreateProcess(new UserBuffer(bin, (ulong)elf.Build().Length), new UserArray<UserString>(0, 0), new UserArray<Capability>(caps, 1)));
            Assert.Equal(SyscallError.OutOfMemory, SyscallReturn.GetError(r));
            Assert.Equal(afterPut, small.Platform.SimFrames.FreeCount);
            Assert.Equal(1, small.K.LiveProcessCount);
            Assert.True(before >= afterPut);
        }

        [Fact]
        public void Children_of_an_exiting_parent_are_reaped_or_killed()
        {
            var (mid, midMain) = tk.Spawn();
            var grandchild = new ProcessId(tk.CreateRaw(midMain, ElfBuilder.Minimal().Build()));
            Assert.NotNull(tk.K.LookupProcess(grandchild));
            tk.Exits(midMain, SyscallFrames.Exit(0));
            Assert.Null(tk.K.LookupProcess(grandchild)); // never started: killed and reaped, nobody can wait for it
            Assert.Equal(ProcessState.Zombie, mid.State);
        }
    }
}
