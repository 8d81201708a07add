using System;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class DispatcherTests
    {
        [Theory]
        [InlineData(0UL)]
        [InlineData(7UL)]
        [InlineData(9UL)]
        [InlineData(16UL)]
        [InlineData(23UL)]
        [InlineData(34UL)]
        [InlineData(43UL)]
        [InlineData(0x1_0000_0001UL)]
        [InlineData(ulong.MaxValue)]
        public void Unknown_numbers_are_invalid_syscall(ulong number)
        {
            var tk = new TestKernel();
            var frame = new SyscallFrame(number, 1, 2, 3, 4, 5, 6);
            Assert.Equal(SyscallOutcome.Completed, SyscallDispatcher.Dispatch(tk.K, tk.InitThread, ref frame));
            Assert.Equal(SyscallReturn.Error(SyscallError.InvalidSyscall), frame.Return);
        }

        [Fact]
        public void Every_spec_number_reaches_a_handler()
        {
            foreach (SyscallNumber n in Enum.GetValues<SyscallNumber>())
            {
                var tk = new TestKernel();
                var frame = new SyscallFrame((ulong)n, 0, 0, 0, 0, 0, 0);
                SyscallOutcome o = SyscallDispatcher.Dispatch(tk.K, tk.InitThread, ref frame);
                if (o == SyscallOutcome.Completed)
                    Assert.NotEqual(SyscallError.InvalidSyscall, SyscallReturn.GetError(frame.Return));
            }
        }

        [Fact]
        public void A_blocked_thread_cannot_make_a_syscall()
        {
            var tk = new TestKernel();
            tk.Blocks(tk.InitThread, SyscallFrames.Nanosleep(new UserPtr<Timespec>(tk.PutStruct(tk.Init, new Timespec(1, 0)))));
            var frame = SyscallFrames.Yield();
            Assert.Throws<InvalidOperationException>(() => SyscallDispatcher.Dispatch(tk.K, tk.InitThread, ref frame));
        }

        [Fact]
        public void Completed_calls_store_the_result_in_the_thread_too()
        {
            var tk = new TestKernel();
            ulong r = tk.Raw(tk.InitThread, SyscallFrames.Yield());
            Assert.Equal(r, tk.InitThread.ReturnValue);
        }

        [Fact]
        public void Out_of_range_flag_registers_are_rejected_not_truncated()
        {
            var tk = new TestKernel();
            Thread t = tk.InitThread;
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(t, SyscallNumber.Mmap, 0, 4096, 3UL | (1UL << 32), 5, 0, 0));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(t, SyscallNumber.Mmap, 0, 4096, 3, 5UL | (1UL << 32), 0, 0));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(t, SyscallNumber.CapabilityDerive, tk.ConsoleCap.Raw, 2UL | (1UL << 32)));
        }
    }
}
