using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests.Waits
{
    /// <summary>
    /// Every kind of wait (docs/waits.md), every way it ends: completed by its event, cancelled by
    /// a timeout, by a kill of its process, by its process's exit; and once ended it stays ended:
    /// the event arriving late, or a second Complete/Cancel, changes nothing (no double wake), and
    /// whatever the event carried is still there for the next one to ask (no lost wakeup).
    /// </summary>
    public sealed class WaitTests
    {
        public static TheoryData<string> Kinds => Scenarios.All;

        private const ulong Timeout = 1_000_000;

        /// <summary>The test's timeout for a kind that takes one, WaitForever for one that does not (SYS_READ).</summary>
        private static ulong TimeoutIfAny(WaitScenario s) => s.HasTimeout ? Timeout : Abi.WaitForever;

        private static Wait Blocked(WaitScenario s, ulong timeout)
        {
            s.Block(timeout);
            Wait w = s.B.Wait;
            Assert.NotNull(w);
            Assert.Equal(s.Kind, w.Kind);
            Assert.Same(s.B, w.Thread);
            Assert.Equal(WaitPhase.Parked, w.Phase);
            Assert.Equal(ThreadState.Blocked, s.B.State);
            return w;
        }

        private static void AssertEnded(WaitScenario s, Wait w)
        {
            Assert.Equal(WaitPhase.Idle, w.Phase);
            Assert.Null(s.B.Wait);
            Assert.False(w.InTimerQueue);
            s.AssertWithdrawn();
        }

        /// <summary>A wait that has ended cannot be ended again, either way, and the late event does not touch the thread.</summary>
        private static void AssertStaysEnded(WaitScenario s, Wait w)
        {
            ulong result = s.B.ReturnValue;
            ThreadState state = s.B.State;
            Assert.False(w.Complete(SyscallError.Success, 0xBAD));
            Assert.False(w.Cancel(WaitCancel.Timeout));
            Assert.False(w.Claim());
            s.Complete();
            s.Tk.K.AdvanceTime(10 * Timeout);
            Assert.Equal(result, s.B.ReturnValue);
            Assert.Equal(state, s.B.State);
            Assert.Null(s.B.Wait);
            Assert.Equal(WaitPhase.Idle, w.Phase);
            if (state == ThreadState.Free)
                return;
            int queued = 0;                                          // on the run queue once, not twice
            for (int i = 0; i < s.Tk.K.Scheduler.ReadyCount; i++)
                if (s.Tk.K.Scheduler.At(i) == s.B)
                    queued++;
            Assert.Equal(1, queued);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void Completed_by_its_event(string kind)
        {
            WaitScenario s = Scenarios.Make(kind);
            Wait w = Blocked(s, Abi.WaitForever);
            s.Complete();
            Assert.Equal(ThreadState.Ready, s.B.State);
            Assert.Equal(s.Completed, s.B.ReturnValue);
            AssertEnded(s, w);
            AssertStaysEnded(s, w);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void Cancelled_by_a_timeout(string kind)
        {
            WaitScenario s = Scenarios.Make(kind);
            Wait w = Blocked(s, TimeoutIfAny(s));
            if (s.HasTimeout)
            {
                Assert.True(w.InTimerQueue);
                s.Tk.K.AdvanceTime(Timeout - 1);
                Assert.Equal(ThreadState.Blocked, s.B.State);
                s.Tk.K.AdvanceTime(1);
            }
            else
            {
                Assert.False(w.InTimerQueue);                     // SYS_READ has no timeout: only the kind's cancel is exercised
                Assert.True(w.Cancel(WaitCancel.Timeout));
            }
            Assert.Equal(ThreadState.Ready, s.B.State);
            Assert.Equal(SyscallReturn.Encode(s.TimeoutResult, 0), s.B.ReturnValue);
            AssertEnded(s, w);
            AssertStaysEnded(s, w);
        }

        public static TheoryData<string, string> KindsAndEnds()
        {
            var d = new TheoryData<string, string>();
            foreach (string kind in Scenarios.Names)
            {
                d.Add(kind, "kill");
                d.Add(kind, "exit");
            }
            return d;
        }

        /// <summary>Its process is killed by the parent, or exits through B's sibling: B is freed, its wait withdrawn.</summary>
        [Theory]
        [MemberData(nameof(KindsAndEnds))]
        public void Cancelled_by_its_process_ending(string kind, string end)
        {
            WaitScenario s = Scenarios.Make(kind);
            Wait w = Blocked(s, TimeoutIfAny(s));
            if (end == "kill")
                s.Tk.Ok(s.Tk.InitThread, SyscallFrames.KillProcess(s.P.Id));
            else
                s.Tk.Exits(s.M, SyscallFrames.Exit(1));
            Assert.Equal(ThreadState.Free, s.B.State);
            AssertEnded(s, w);
            AssertStaysEnded(s, w);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void The_same_wait_object_serves_the_next_block(string kind)
        {
            WaitScenario s = Scenarios.Make(kind);
            Wait first = Blocked(s, TimeoutIfAny(s));
            if (s.HasTimeout)
                s.Tk.K.AdvanceTime(Timeout);
            else
                first.Cancel(WaitCancel.Timeout);
            Wait second = Blocked(s, Abi.WaitForever);
            Assert.Same(first, second);                             // one object per kind per thread: nothing allocated
        }

        // ---- what the late event leaves behind (no lost wakeup) ----

        [Fact]
        public void A_message_sent_after_a_receive_timed_out_waits_for_the_next_receive()
        {
            var s = (ReceiveScenario)Scenarios.Make("Receive");
            Blocked(s, Timeout);
            s.Tk.K.AdvanceTime(Timeout);
            s.Complete();
            Assert.Equal(1, s.Endpoint.Count);                      // queued, not handed to the thread that gave up
            Assert.Equal(s.Completed, s.ReceiveNow());               // the next receive gets it at once
        }

        [Fact]
        public void A_reply_to_a_call_that_timed_out_does_not_complete_the_next_call()
        {
            var s = (ReplyScenario)Scenarios.Make("Reply");
            Blocked(s, Timeout);
            s.Tk.K.AdvanceTime(Timeout);
            Assert.Equal(SyscallReturn.Encode(SyscallError.Timeout, 0), s.B.ReturnValue);
            Wait second = Blocked(s, Abi.WaitForever);              // the same ReplyWait object, armed again
            s.Complete();                                           // init answers the first request
            Assert.Equal(SyscallError.Interrupted, s.LastReply);
            Assert.Equal(ThreadState.Blocked, s.B.State);           // the second call is still waiting
            Assert.Equal(WaitPhase.Parked, second.Phase);
            s.Complete();                                           // init answers the second request
            Assert.Equal(SyscallError.Success, s.LastReply);
            Assert.Equal(s.Completed, s.B.ReturnValue);
        }

        [Fact]
        public void A_key_typed_after_a_read_was_cancelled_stays_for_the_next_reader()
        {
            var s = (ConsoleReadScenario)Scenarios.Make("ConsoleRead");
            Wait w = Blocked(s, Abi.WaitForever);
            s.Tk.Ok(s.Tk.InitThread, SyscallFrames.KillProcess(s.P.Id));
            s.Complete();
            Assert.Equal(1, s.Tk.K.Console.Input.Count);
            Assert.Equal(WaitPhase.Idle, w.Phase);
        }

        [Fact]
        public void A_futex_wake_after_the_waiter_timed_out_wakes_nobody()
        {
            var s = (FutexScenario)Scenarios.Make("Futex");
            Blocked(s, Timeout);
            s.Tk.K.AdvanceTime(Timeout);
            Assert.Equal(0UL, s.Tk.Ok(s.M, SyscallFrames.FutexWake(new UserPtr<uint>(s.Word), 1)));
            Assert.Equal(SyscallReturn.Encode(SyscallError.Timeout, 0), s.B.ReturnValue);
        }
    }
}
