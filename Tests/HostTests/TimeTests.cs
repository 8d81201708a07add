using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class TimeTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        [Fact]
        public void Clock_get_reads_the_virtual_clocks()
        {
            tk.K.Clock.SetRealtimeOffset(1_700_000_000UL * 1_000_000_000);
            tk.K.AdvanceTime(2_000_000_123);
            ulong outp = tk.Reserve(T.Process, 16);
            tk.Ok(T, SyscallFrames.ClockGet(ClockId.Monotonic, new UserOutPtr<Timespec>(outp)));
            var mono = tk.PeekStruct<Timespec>(T.Process, outp);
            Assert.Equal(2, mono.Seconds);
            Assert.Equal(123, mono.Nanoseconds);
            tk.Ok(T, SyscallFrames.ClockGet(ClockId.Realtime, new UserOutPtr<Timespec>(outp)));
            Assert.Equal(1_700_000_002, tk.PeekStruct<Timespec>(T.Process, outp).Seconds);
        }

        [Fact]
        public void Clock_get_errors()
        {
            ulong outp = tk.Reserve(T.Process, 16);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.ClockGet((ClockId)2, new UserOutPtr<Timespec>(outp))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallNumber.ClockGet, ulong.MaxValue, outp) /* register-level: clock id above 32 bits */);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.ClockGet((ClockId)0, new UserOutPtr<Timespec>(0))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.ClockGet((ClockId)0, new UserOutPtr<Timespec>(0xFFFF_8000_0000_0000))));
            ulong ro = tk.MapAnon(T, 4096, ProtectionFlags.Read);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.ClockGet((ClockId)0, new UserOutPtr<Timespec>(ro))));
        }

        [Fact]
        public void Nanosleep_blocks_until_the_deadline()
        {
            ulong ts = tk.PutStruct(T.Process, new Timespec(1, 500));
            tk.Blocks(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(ts)));
            tk.K.AdvanceTime(1_000_000_499);
            Assert.Equal(ThreadState.Blocked, T.State);
            tk.K.AdvanceTime(1);
            Assert.Equal(ThreadState.Ready, T.State);
            Assert.Equal(SyscallReturn.Ok(0), T.ReturnValue);
        }

        [Fact]
        public void Nanosleep_zero_yields_and_returns()
        {
            Thread other = tk.NewThread(T);
            ulong ts = tk.PutStruct(T.Process, new Timespec(0, 0));
            Assert.Same(T, tk.K.Scheduler.Current);
            tk.Ok(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(ts)));
            Assert.Same(other, tk.K.Scheduler.Current);
        }

        [Fact]
        public void Nanosleep_errors()
        {
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(0))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(0xFFFF_FFFF_FFFF_FFF0))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(T.Process, new Timespec(0, 1_000_000_000))))));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(T.Process, new Timespec(-1, 0))))));
        }

        [Fact]
        public void Huge_sleep_never_wakes_by_itself()
        {
            tk.Blocks(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(T.Process, new Timespec(long.MaxValue, 999_999_999)))));
            tk.K.AdvanceTime(ulong.MaxValue / 2);
            Assert.Equal(ThreadState.Blocked, T.State);
        }

        [Fact]
        public void Yield_rotates_the_run_queue()
        {
            Thread b = tk.NewThread(T);
            Thread c = tk.NewThread(T);
            Assert.Same(T, tk.K.Scheduler.At(0));
            tk.Ok(T, SyscallFrames.Yield());
            Assert.Same(b, tk.K.Scheduler.At(0));
            Assert.Same(c, tk.K.Scheduler.At(1));
            Assert.Same(T, tk.K.Scheduler.At(2));
            Assert.Same(c, tk.K.Scheduler.Rotate());
        }

        [Fact]
        public void Timeouts_fire_in_deadline_order_across_threads()
        {
            Thread b = tk.NewThread(T);
            tk.Blocks(T, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(T.Process, new Timespec(0, 300)))));
            tk.Blocks(b, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(T.Process, new Timespec(0, 100)))));
            tk.K.AdvanceTime(100);
            Assert.Equal(ThreadState.Ready, b.State);
            Assert.Equal(ThreadState.Blocked, T.State);
            tk.K.AdvanceTime(200);
            Assert.Equal(ThreadState.Ready, T.State);
        }
    }
}
