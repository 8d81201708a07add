using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// SYS_THREAD_SUSPEND / SYS_THREAD_RESUME (docs/abi.md §12a), through the dispatcher: the
    /// error rules, a suspended thread out of the run queue whether Ready or Blocked (its wait
    /// completing meanwhile), the context it reports (start state, or what the fake
    /// architecture saved), no half-done effect on a bad pointer, and cleanup when its process
    /// ends.
    /// </summary>
    public sealed class SuspendTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        private ulong ContextBuffer() => tk.Reserve(tk.Init, 168);

        private SyscallFrame Suspend(Thread t, ulong context) => SyscallFrames.SuspendThread(t.Id, new UserOutPtr<FaultContext>(context));
        private SyscallFrame Suspend(ThreadId id, ulong context) => SyscallFrames.SuspendThread(id, new UserOutPtr<FaultContext>(context));
        private static SyscallFrame Resume(Thread t) => SyscallFrames.ResumeThread(t.Id);

        private FaultContext SuspendOk(Thread caller, Thread target)
        {
            ulong ctx = tk.Reserve(caller.Process, 168);
            tk.Ok(caller, Suspend(target, ctx));
            Assert.True(target.Suspended);
            return tk.PeekStruct<FaultContext>(caller.Process, ctx);
        }

        private static bool Queued(TestKernel k, Thread t)
        {
            for (int i = 0; ; i++)
            {
                Thread q = k.K.Scheduler.At(i);
                if (q == null)
                    return false;
                if (q == t)
                    return true;
            }
        }

        // ---- errors ----

        [Fact]
        public void Self_is_invalid_parameter_for_both()
        {
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Suspend(T, ContextBuffer())));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Resume(T)));
            Assert.False(T.Suspended);
        }

        [Fact]
        public void Another_process_thread_is_not_found_for_both()
        {
            var (_, otherMain) = tk.Spawn(T);
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Suspend(otherMain, ContextBuffer())));
            Assert.False(otherMain.Suspended);
            // Not even when the other process's thread is suspended by its own process.
            Thread otherSecond = tk.NewThread(otherMain);
            SuspendOk(otherMain, otherSecond);
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Resume(otherSecond)));
            Assert.True(otherSecond.Suspended);
        }

        [Fact]
        public void A_stale_free_or_malformed_id_is_not_found()
        {
            Thread t = tk.NewThread(T);
            ThreadId id = t.Id;
            tk.Exits(t, SyscallFrames.ExitThread(0));
            tk.Ok(T, SyscallFrames.JoinThread(id, 0));                  // freed: the id is stale now
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Suspend(id, ContextBuffer())));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.ResumeThread(id)));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Suspend(ThreadId.Make(100, 1), ContextBuffer())));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Suspend(new ThreadId(0), ContextBuffer())));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.ResumeThread(new ThreadId(ulong.MaxValue >> 1))));
        }

        [Fact]
        public void An_exited_thread_not_yet_joined_is_not_found()
        {
            Thread t = tk.NewThread(T);
            tk.Exits(t, SyscallFrames.ExitThread(3));
            Assert.Equal(ThreadState.Exited, t.State);
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Suspend(t, ContextBuffer())));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, Resume(t)));
            Assert.Equal(3UL, tk.Ok(T, SyscallFrames.JoinThread(t.Id, 0)));   // still joinable
        }

        [Fact]
        public void A_second_suspend_is_busy_and_writes_nothing()
        {
            Thread t = tk.NewThread(T);
            SuspendOk(T, t);
            ulong ctx = ContextBuffer();
            Assert.Equal(SyscallError.Busy, tk.Err(T, Suspend(t, ctx)));
            Assert.Equal(default(FaultContext), tk.PeekStruct<FaultContext>(tk.Init, ctx));
            tk.Ok(T, Resume(t));                                         // no nesting: one resume is enough
            Assert.False(t.Suspended);
            Assert.True(Queued(tk, t));
        }

        [Fact]
        public void Resume_of_a_thread_that_is_not_suspended_is_invalid_parameter()
        {
            Thread t = tk.NewThread(T);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Resume(t)));
            SuspendOk(T, t);
            tk.Ok(T, Resume(t));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Resume(t)));
            Assert.True(Queued(tk, t));
        }

        [Theory]
        [InlineData(0UL)]                           // null
        [InlineData(0xFFFF_8000_0000_0000UL)]       // kernel half
        [InlineData(0x0000_8000_0000_0000UL)]       // non-canonical
        [InlineData(0x0000_5000_0000_0000UL)]       // unmapped
        public void A_bad_context_pointer_is_invalid_address_and_leaves_the_thread_running(ulong pointer)
        {
            Thread t = tk.NewThread(T);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Suspend(t, pointer)));
            Assert.False(t.Suspended);
            Assert.True(Queued(tk, t));
            SuspendOk(T, t);                                            // not Busy: nothing was left half done
        }

        [Fact]
        public void A_read_only_or_straddling_context_is_invalid_address_and_leaves_the_thread_running()
        {
            Thread t = tk.NewThread(T);
            ulong ro = tk.MapAnon(T, 4096, ProtectionFlags.Read);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Suspend(t, ro)));
            ulong rw = tk.MapAnon(T, 4096);                             // the next page is not mapped
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Suspend(t, rw + 4096 - 100)));
            Assert.False(t.Suspended);
            Assert.True(Queued(tk, t));
        }

        // ---- scheduling ----

        [Fact]
        public void A_suspended_ready_thread_is_not_scheduled_until_resumed()
        {
            var runner = new ThreadRunner(tk.K) { Running = T };
            Thread t = tk.NewThread(T);
            int ready = tk.K.Scheduler.ReadyCount;
            SuspendOk(T, t);
            Assert.Equal(ThreadState.Ready, t.State);
            Assert.False(t.InReadyQueue);
            Assert.Equal(ready - 1, tk.K.Scheduler.ReadyCount);
            for (int tick = 1; tick <= 5 * ThreadRunner.QuantumTicks; tick++)
            {
                runner.Tick((ulong)tick * 1_000_000);
                runner.Running = runner.Next();
                Assert.NotSame(t, runner.Running);
            }
            tk.Ok(T, Resume(t));
            Assert.Equal(ready, tk.K.Scheduler.ReadyCount);
            bool ran = false;
            for (int tick = 1; tick <= 5 * ThreadRunner.QuantumTicks && !ran; tick++)
            {
                runner.Tick((ulong)(100 + tick) * 1_000_000);
                runner.Running = runner.Next();
                ran = runner.Running == t;
            }
            Assert.True(ran);
        }

        [Fact]
        public void Yield_and_wakes_of_other_threads_do_not_bring_a_suspended_thread_back()
        {
            Thread t = tk.NewThread(T);
            SuspendOk(T, t);
            tk.Ok(T, SyscallFrames.Yield());
            tk.K.Tasks.MakeRunnable(t);                                 // any path that makes it runnable
            Assert.False(t.InReadyQueue);
            Assert.Equal(ThreadState.Ready, t.State);
        }

        [Fact]
        public void A_futex_wait_that_times_out_while_suspended_returns_timeout_only_after_the_resume()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = tk.MapAnon(T, 4096);
            tk.Blocks(waiter, SyscallFrames.FutexWait(new UserPtr<uint>(w), 0, 1_000_000));
            SuspendOk(T, waiter);
            Assert.Equal(ThreadState.Blocked, waiter.State);            // it stays in its wait
            Assert.True(waiter.InTimerQueue);
            Assert.Equal(1, tk.K.Tasks.Futexes.Count);

            tk.K.AdvanceTime(2_000_000);
            Assert.Equal(ThreadState.Ready, waiter.State);              // the wait completed...
            Assert.Equal(SyscallError.Timeout, SyscallReturn.GetError(waiter.ReturnValue));
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
            Assert.Equal(0, tk.K.Tasks.Timers.Count);
            Assert.False(waiter.InReadyQueue);                          // ...but it does not go back to ring 3
            Assert.False(Queued(tk, waiter));

            tk.Ok(T, Resume(waiter));
            Assert.True(Queued(tk, waiter));
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(waiter));
        }

        [Fact]
        public void A_wake_while_suspended_is_kept_and_a_blocked_thread_resumed_before_its_wake_waits_on()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = tk.MapAnon(T, 4096);
            tk.Blocks(waiter, SyscallFrames.FutexWait(new UserPtr<uint>(w), 0, Abi.WaitForever));
            SuspendOk(T, waiter);
            tk.Ok(T, Resume(waiter));
            Assert.Equal(ThreadState.Blocked, waiter.State);            // resumed, still waiting
            Assert.False(waiter.InReadyQueue);
            SuspendOk(T, waiter);
            Assert.Equal(1UL, tk.Ok(T, SyscallFrames.FutexWake(new UserPtr<uint>(w), 1)));
            Assert.Equal(ThreadState.Ready, waiter.State);
            Assert.False(waiter.InReadyQueue);
            tk.Ok(T, Resume(waiter));
            Assert.True(waiter.InReadyQueue);
            Assert.Equal(SyscallReturn.Ok(0), waiter.ReturnValue);
        }

        // ---- the context ----

        [Fact]
        public void A_never_run_thread_reports_its_start_state()
        {
            Thread t = tk.NewThread(T);
            FaultContext c = SuspendOk(T, t);
            var expected = new FaultContext { Pc = t.EntryPoint, Sp = t.StackPointer, Registers = new RegisterFile { Rdi = 7 } };
            Assert.Equal(expected, c);
            Assert.NotEqual(0UL, c.Pc);
            Assert.Equal(0UL, c.Sp & 15);
        }

        [Fact]
        public void A_thread_that_left_ring_3_reports_the_saved_registers_with_code_address_and_error_zero()
        {
            Thread t = tk.NewThread(T);
            var saved = new FaultContext
            {
                Code = FaultCode.PageFault, Reserved = 9, Address = 0x1234, ErrorCode = 0x42,
                Pc = 0x40_5678, Sp = 0x7000_0000_1000,
                Registers = new RegisterFile
                {
                    Rax = 1, Rbx = 2, Rcx = 3, Rdx = 4, Rsi = 5, Rdi = 6, Rbp = 7, Rflags = 0x246,
                    R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15,
                },
            };
            tk.Platform.LeftRing3(t, saved);
            FaultContext c = SuspendOk(T, t);
            FaultContext expected = saved;
            expected.Code = FaultCode.None;
            expected.Reserved = 0;
            expected.Address = 0;
            expected.ErrorCode = 0;
            Assert.Equal(expected, c);
        }

        [Fact]
        public void Suspend_and_resume_leave_tls_and_the_fault_handler_state_alone()
        {
            Thread t = tk.NewThread(T);
            tk.Ok(t, SyscallFrames.ThreadSetTls(0x5000_0000));
            ulong entry = tk.MapAnon(T, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stack = tk.MapAnon(T, 16384);
            tk.Ok(T, SyscallFrames.ExceptionHandlerSet(entry, 0));
            var runner = new ThreadRunner(tk.K) { Running = t };
            var r = new FaultContext { Code = FaultCode.DivideError, Address = 0x40_0000, Pc = 0x40_0000, Sp = stack + 16384 };
            Assert.Equal(FaultOutcome.Handler, runner.Fault(t, ref r, out _));
            Assert.True(t.InFaultHandler);

            SuspendOk(T, t);
            tk.Ok(T, Resume(t));
            Assert.Equal(0x5000_0000UL, t.TlsBase);
            Assert.True(t.InFaultHandler);
            Assert.False(t.ResumePending);

            ulong ctx = tk.PutStruct(tk.Init, new FaultContext { Pc = 0x40_0010, Sp = stack + 8192 });
            tk.Ok(t, SyscallFrames.ExceptionReturn(new UserPtr<FaultContext>(ctx)));
            Assert.True(t.ResumePending);
            Assert.Equal(0x40_0010UL, t.ResumeContext.Pc);
        }

        // ---- ending ----

        [Fact]
        public void Killing_a_process_with_suspended_threads_frees_everything()
        {
            int threads = tk.K.LiveThreadCount, processes = tk.K.LiveProcessCount;
            var (child, main) = tk.Spawn(T);
            Thread ready = tk.NewThread(main);
            Thread waiting = tk.NewThread(main);
            ulong w = tk.MapAnon(main, 4096);
            tk.Blocks(waiting, SyscallFrames.FutexWait(new UserPtr<uint>(w), 0, 1_000_000_000));
            SuspendOk(main, ready);
            SuspendOk(main, waiting);
            Assert.Equal(1, tk.K.Tasks.Futexes.Count);
            Assert.Equal(1, tk.K.Tasks.Timers.Count);

            tk.Ok(T, SyscallFrames.KillProcess(child.Id));
            Assert.Equal(threads, tk.K.LiveThreadCount);
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
            Assert.Equal(0, tk.K.Tasks.Timers.Count);
            Assert.False(ready.Suspended);
            Assert.False(waiting.Suspended);
            Assert.Equal(ThreadState.Free, ready.State);
            Assert.Equal(ThreadState.Free, waiting.State);
            ulong info = tk.Reserve(tk.Init, 64);
            tk.Ok(T, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(info)));
            Assert.Equal(processes, tk.K.LiveProcessCount);
            tk.K.AdvanceTime(2_000_000_000);                            // nothing left to expire

            // The slots are reused by threads that are not suspended and do run.
            for (int i = 0; i < 3; i++)
            {
                Thread fresh = tk.NewThread(T);
                Assert.False(fresh.Suspended);
                Assert.True(fresh.InReadyQueue);
            }
        }

        [Fact]
        public void A_process_whose_other_threads_exit_lives_while_a_suspended_thread_does()
        {
            var (child, main) = tk.Spawn(T);
            Thread stopped = tk.NewThread(main);
            SuspendOk(main, stopped);
            tk.Exits(main, SyscallFrames.ExitThread(0));
            Assert.Equal(ProcessState.Running, child.State);            // a suspended thread is a live thread
            Assert.Equal(1, child.LiveThreads);
            tk.K.Tasks.ResumeThread(stopped);                           // nobody left to call resume: the kernel's own hand here
            tk.Exits(stopped, SyscallFrames.ExitThread(4));
            Assert.NotEqual(ProcessState.Running, child.State);
        }

        [Fact]
        public void Joining_a_suspended_thread_waits_until_it_is_resumed_and_exits()
        {
            Thread t = tk.NewThread(T);
            Thread joiner = tk.NewThread(T);
            SuspendOk(T, t);
            tk.Blocks(joiner, SyscallFrames.JoinThread(t.Id, Abi.WaitForever));
            tk.Ok(T, Resume(t));
            Assert.Equal(ThreadState.Blocked, joiner.State);
            tk.Exits(t, SyscallFrames.ExitThread(21));
            Assert.Equal(SyscallReturn.Ok(21), joiner.ReturnValue);
            Assert.Equal(ThreadState.Free, t.State);
        }

        // ---- UserLib ----

        [Fact]
        public void UserLib_wrappers_return_the_context_as_the_value()
        {
            Thread t = tk.NewThread(T);
            SysResult<FaultContext> s = tk.As(T, () => Sys.SuspendThread(t.Id));
            Assert.True(s.IsOk);
            Assert.Equal(t.EntryPoint, s.Value.Pc);
            Assert.Equal(SyscallError.Busy, tk.As(T, () => Sys.SuspendThread(t.Id)).Error);
            Assert.True(tk.As(T, () => Sys.ResumeThread(t.Id)).IsOk);
            Assert.Equal(SyscallError.InvalidParameter, tk.As(T, () => Sys.ResumeThread(t.Id)).Error);
        }

        [Fact]
        public void Suspend_and_resume_allocate_nothing()
        {
            Thread t = tk.NewThread(T);
            ulong ctx = ContextBuffer();
            var suspend = Suspend(t, ctx);
            var resume = Resume(t);
            void Round()
            {
                var a = suspend;
                SyscallDispatcher.Dispatch(tk.K, T, ref a);
                var b = resume;
                SyscallDispatcher.Dispatch(tk.K, T, ref b);
                if (SyscallReturn.IsError(a.Return) || SyscallReturn.IsError(b.Return))
                    throw new System.InvalidOperationException("suspend or resume failed");
            }
            for (int i = 0; i < 100; i++)
                Round();
            long before = System.GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
                Round();
            Assert.Equal(before, System.GC.GetAllocatedBytesForCurrentThread());
        }
    }
}
