using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests.Defects
{
    /// <summary>
    /// Issue 7, defect 5: a saturated clock used to satisfy <c>Deadline &lt;= now</c> for waits
    /// whose deadline means "none". No clock value may end a wait without a deadline.
    /// </summary>
    public class ClockCannotReachNeverTests
    {
        private readonly TestKernel tk = new TestKernel();

        [Fact]
        public void Defect5_saturating_the_clock_neither_starts_an_unstarted_child_nor_times_out_wait_forever()
        {
            var init = tk.InitThread;
            var pid = new ProcessId(tk.CreateRaw(init, ElfBuilder.Minimal().Build()));
            Thread unstarted = tk.K.LookupProcess(pid).MainThread;
            var ep = tk.NewEndpoint(init);
            Thread receiver = tk.NewThread(init);
            ulong buf = tk.Reserve(init.Process, 16);
            ulong outp = tk.Reserve(init.Process, 32);
            tk.Blocks(receiver, SyscallNumber.IpcReceive, ep.Id.Raw, buf, 16, Abi.WaitForever, ep.Cap.Raw, outp);
            Thread timed = tk.NewThread(init);
            tk.Blocks(timed, SyscallNumber.IpcReceive, ep.Id.Raw, buf, 16, ulong.MaxValue - 1, ep.Cap.Raw, outp);

            tk.K.AdvanceTime(ulong.MaxValue / 2);
            tk.K.AdvanceTime(ulong.MaxValue);
            tk.K.AdvanceTime(ulong.MaxValue);

            Assert.Equal(ulong.MaxValue, tk.K.Clock.Monotonic);
            Assert.Equal(ThreadState.Blocked, unstarted.State);
            Assert.False(unstarted.InReadyQueue);
            Assert.Equal(ThreadState.Blocked, receiver.State);
            Assert.Equal(WaitKind.Receive, receiver.Wait.Kind);
            // A finite (saturated) timeout is still a deadline: the end of time ends it.
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(timed));
        }

        [Fact]
        public void Defect5_wait_forever_on_a_process_and_a_join_survive_a_saturated_clock()
        {
            var init = tk.InitThread;
            var (child, _) = tk.Spawn();
            ulong outp = tk.Reserve(init.Process, 24);
            Thread waiter = tk.NewThread(init);
            tk.Blocks(waiter, SyscallNumber.ProcessWait, child.Id.Raw, Abi.WaitForever, outp);
            Thread sleeper = tk.NewThread(init);
            Thread joiner = tk.NewThread(init);
            tk.Blocks(joiner, SyscallNumber.ThreadJoin, sleeper.Id.Raw, Abi.WaitForever);

            tk.K.AdvanceTime(ulong.MaxValue);
            tk.K.AdvanceTime(1);

            Assert.Equal(ThreadState.Blocked, waiter.State);
            Assert.Equal(ThreadState.Blocked, joiner.State);
        }
    }
}
