using Veridian.Kernel;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class ThreadTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        [Fact]
        public void Create_sets_entry_stack_and_argument()
        {
            ulong code = tk.MapAnon(T, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stack = tk.MapAnon(T, 8192);
            ulong tid = tk.Ok(T, SyscallFrames.CreateThread(code + 16, stack, 8190, 99));
            Thread t = tk.K.LookupThread(new ThreadId(tid));
            Assert.Equal(code + 16, t.EntryPoint);
            Assert.Equal((stack + 8190) & ~15UL, t.StackPointer);
            Assert.Equal(99UL, t.Argument);
            Assert.Equal(ThreadState.Ready, t.State);
            Assert.Same(T.Process, t.Process);
        }

        [Fact]
        public void Create_checks_addresses_and_sizes()
        {
            ulong code = tk.MapAnon(T, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong data = tk.MapAnon(T, 4096);
            ulong ro = tk.MapAnon(T, 4096, ProtectionFlags.Read);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.CreateThread(code, data, 0, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(0, data, 4096, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(0xFFFF_8000_0000_0000, data, 4096, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(data, data, 4096, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(code, ro, 4096, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(code, data, 8192, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.CreateThread(code, data, ulong.MaxValue, 0)));
        }

        [Fact]
        public void Per_process_thread_bound_is_the_threads_quota()
        {
            // A child with a 1 % share of init's 1024 threads may hold 10, the main thread included
            // (enough frames that the 1 % of them is not what runs out first).
            var tk = new TestKernel(frames: 65536);
            var (child, main) = tk.SpawnWithShare(1);
            Assert.Equal(10, child.Quota.Limit(QuotaKind.Threads));
            for (int i = 1; i < 10; i++)
                tk.NewThread(main);
            Assert.Equal(10, child.ThreadSlots);
            ulong code = tk.MapAnon(main, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stack = tk.MapAnon(main, 4096);
            int free = tk.Platform.SimFrames.FreeCount;
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(main, SyscallFrames.CreateThread(code, stack, 4096, 0)));
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(10, child.ThreadSlots);
        }

        [Fact]
        public void Join_returns_the_exit_code_of_an_exited_thread()
        {
            Thread t = tk.NewThread(T);
            ThreadId id = t.Id;
            tk.Exits(t, SyscallFrames.ExitThread(-5));
            Assert.Equal(ThreadState.Exited, t.State);
            ulong v = tk.Ok(T, SyscallFrames.JoinThread(id, 0));
            Assert.Equal(-5, (int)(uint)v);
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.JoinThread(id, 0)));
        }

        [Fact]
        public void Blocking_join_is_woken_by_the_exit()
        {
            Thread t = tk.NewThread(T);
            tk.Blocks(T, SyscallFrames.JoinThread(t.Id, Abi.WaitForever));
            tk.Exits(t, SyscallFrames.ExitThread(12));
            Assert.Equal(SyscallReturn.Ok(12), T.ReturnValue);
            Assert.Equal(ThreadState.Free, t.State);
        }

        [Fact]
        public void Join_timeout_and_errors()
        {
            Thread t = tk.NewThread(T);
            Assert.Equal(SyscallError.Timeout, tk.Err(T, SyscallFrames.JoinThread(t.Id, 0)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.JoinThread(T.Id, 0)));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.JoinThread(new ThreadId(0x4444), 0)));
            var (_, other) = tk.Spawn();
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.JoinThread(other.Id, 0)));
            Thread third = tk.NewThread(T);
            tk.Blocks(T, SyscallFrames.JoinThread(t.Id, 100));
            Assert.Equal(SyscallError.Busy, tk.Err(third, SyscallFrames.JoinThread(t.Id, 0)));
            tk.K.AdvanceTime(100);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(T));
            Assert.Null(t.Joiner);
        }

        [Fact]
        public void Last_thread_exit_ends_the_process()
        {
            var (child, main) = tk.Spawn();
            Thread second = tk.NewThread(main);
            tk.Exits(main, SyscallFrames.ExitThread(1));
            Assert.Equal(ProcessState.Running, child.State);
            tk.Exits(second, SyscallFrames.ExitThread(2));
            Assert.Equal(ProcessState.Zombie, child.State);
            Assert.Equal(2, child.ExitInfo.ExitCode);
        }

        [Fact]
        public void Process_exit_kills_its_blocked_threads()
        {
            var (child, main) = tk.Spawn();
            Thread second = tk.NewThread(main);
            tk.Ok(second, SyscallFrames.Yield());
            var ep = tk.NewEndpoint(second);
            ulong buf = tk.Reserve(child, 16);
            ulong outp = tk.Reserve(child, 32);
            tk.Blocks(second, SyscallFrames.IpcReceive(ep.Id, new UserOutBuffer(buf, 16), Abi.WaitForever, ep.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            tk.Exits(main, SyscallFrames.Exit(0));
            Assert.Equal(ThreadState.Free, second.State);
            Assert.Equal(0, tk.K.LiveEndpointCount);
        }

        [Fact]
        public void Self_names_the_caller_for_its_first_thread_and_for_created_ones()
        {
            Assert.Equal(T.Id.Raw, tk.Ok(T, SyscallFrames.ThreadSelf()));
            Thread second = tk.NewThread(T);
            Assert.Equal(second.Id.Raw, tk.Ok(second, SyscallFrames.ThreadSelf()));
            Assert.NotEqual(T.Id.Raw, second.Id.Raw);
        }
    }
}
