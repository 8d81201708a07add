using System;
using Veridian.Kernel.Io;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>The architecture-neutral half of running threads: ticks, preemption, faults, init's end.</summary>
    public sealed class ThreadRunnerTests
    {
        private readonly TestKernel tk = new TestKernel();
        private ThreadRunner NewRunner() => new ThreadRunner(tk.K) { Running = tk.InitThread };

        [Fact]
        public void A_thread_keeps_the_cpu_for_a_quantum_then_the_next_ready_thread_runs()
        {
            var runner = NewRunner();
            Thread second = tk.NewThread(tk.InitThread);
            tk.K.Tasks.MakeRunnable(second);
            Assert.Same(tk.InitThread, runner.Next());
            for (int tick = 1; tick < ThreadRunner.QuantumTicks; tick++)
            {
                runner.Tick((ulong)tick * 1_000_000);
                Assert.Same(tk.InitThread, runner.Next());
            }
            runner.Tick(ThreadRunner.QuantumTicks * 1_000_000UL);
            Assert.Same(second, runner.Next());
        }

        [Fact]
        public void Ticks_move_the_clock_to_the_time_given_and_never_back()
        {
            var runner = NewRunner();
            runner.Tick(5_000_000);
            Assert.Equal(5_000_000UL, tk.K.Clock.Monotonic);
            runner.Tick(3_000_000);
            Assert.Equal(5_000_000UL, tk.K.Clock.Monotonic);
        }

        [Fact]
        public void A_tick_past_a_sleep_deadline_makes_the_sleeper_ready_with_success()
        {
            var runner = NewRunner();
            ulong ts = tk.PutStruct(tk.Init, Timespec.FromNanoseconds(2_000_000));
            tk.Invoke(tk.InitThread, SyscallFrames.Nanosleep(new UserPtr<Timespec>(ts)), out _);
            Assert.Null(runner.Next());                                   // nothing to run: idle
            runner.Tick(1_000_000);
            Assert.Null(runner.Next());
            runner.Tick(2_000_000);
            Assert.Same(tk.InitThread, runner.Next());
            Assert.Equal(SyscallReturn.Ok(0), tk.InitThread.ReturnValue);
        }

        [Fact]
        public void An_unresolvable_page_fault_kills_the_process_and_reports_the_address()
        {
            var (child, main) = tk.Spawn(tk.InitThread);
            var runner = new ThreadRunner(tk.K) { Running = main };
            ProcessId pid = child.Id;
            Assert.False(runner.PageFault(main, 0x1234, ProtectionFlags.Read, 0x40_0000));
            var info = WaitExit(pid);
            Assert.Equal(ExitReason.Faulted, info.Reason);
            Assert.Equal(FaultCode.PageFault, info.FaultCode);
            Assert.Equal(0x1234UL, info.FaultAddress);
        }

        [Fact]
        public void A_fault_just_below_the_main_stack_is_a_stack_overflow()
        {
            var (child, main) = tk.Spawn(tk.InitThread);
            var runner = new ThreadRunner(tk.K) { Running = main };
            ProcessId pid = child.Id;
            ulong belowStack = Abi.InitialStackTop - Abi.InitialStackSize - 8;
            Assert.False(runner.PageFault(main, belowStack, ProtectionFlags.Write, 0x40_0000));
            var info = WaitExit(pid);
            Assert.Equal(FaultCode.StackOverflow, info.FaultCode);
            Assert.Equal(belowStack, info.FaultAddress);
        }

        private ProcessExitInfo WaitExit(ProcessId pid)
        {
            ulong outp = tk.Reserve(tk.Init, 64);
            tk.Ok(tk.InitThread, SyscallFrames.WaitProcess(pid, 0, new UserOutPtr<ProcessExitInfo>(outp)));
            return tk.PeekStruct<ProcessExitInfo>(tk.Init, outp);
        }

        [Fact]
        public void A_demand_paged_fault_resumes_the_thread()
        {
            var runner = NewRunner();
            ulong page = tk.MapAnon(tk.InitThread, 4096);
            Assert.True(runner.PageFault(tk.InitThread, page + 16, ProtectionFlags.Write, 0x40_0000));
            Assert.Same(tk.InitThread, runner.Next());
        }

        [Fact]
        public void Init_ending_is_seen_once_with_its_exit_info()
        {
            var (child, main) = tk.Spawn(tk.InitThread);
            var runner = new ThreadRunner(tk.K) { Running = main };
            runner.WatchInit(child);
            Assert.False(runner.InitEnded(out _));
            runner.Fault(main, FaultCode.IllegalInstruction, 0x40_1000, 0x40_1000);
            Assert.True(runner.InitEnded(out ProcessExitInfo info));
            Assert.Equal(ExitReason.Faulted, info.Reason);
            Assert.Equal(FaultCode.IllegalInstruction, info.FaultCode);
            Assert.False(runner.InitEnded(out _));
        }

        [Fact]
        public void Console_input_keeps_order_and_drops_what_does_not_fit()
        {
            var input = new ConsoleInput(4);
            foreach (byte b in "abcdef"u8.ToArray()) input.Put(b);
            Assert.Equal(4, input.Count);
            Assert.Equal(2UL, input.Dropped);
            var got = new byte[3];
            Assert.Equal(3, input.Take(got));
            Assert.Equal("abc"u8.ToArray(), got);
            input.Put((byte)'x');
            var rest = new byte[8];
            Assert.Equal(2, input.Take(rest));
            Assert.Equal((byte)'d', rest[0]);
            Assert.Equal((byte)'x', rest[1]);
            Assert.Equal(0, input.Take(rest));
        }
    }
}
