using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>SYS_THREAD_SET_TLS: the arch-neutral per-thread base the plugs load (FS base on x86_64).</summary>
    public sealed class TlsTests
    {
        private readonly TestKernel tk = new TestKernel();

        [Fact]
        public void The_base_is_per_thread_and_a_new_thread_starts_with_zero()
        {
            Thread second = tk.NewThread(tk.InitThread);
            Assert.Equal(0UL, second.TlsBase);
            tk.Ok(tk.InitThread, SyscallFrames.ThreadSetTls(0x7000_1000));
            tk.Ok(second, SyscallFrames.ThreadSetTls(0x7000_2000));
            Assert.Equal(0x7000_1000UL, tk.InitThread.TlsBase);
            Assert.Equal(0x7000_2000UL, second.TlsBase);
            tk.Ok(second, SyscallFrames.ThreadSetTls(0));               // 0: no TLS, allowed
            Assert.Equal(0UL, second.TlsBase);
        }

        [Fact]
        public void Any_lower_half_address_is_accepted_mapped_or_not()
        {
            tk.Ok(tk.InitThread, SyscallFrames.ThreadSetTls(Abi.UserEnd - 8));
            Assert.Equal(Abi.UserEnd - 8, tk.InitThread.TlsBase);
        }

        [Theory]
        [InlineData(0x0000_8000_0000_0000UL)]       // first non-canonical
        [InlineData(0x1234_0000_0000_0000UL)]
        [InlineData(0xFFFF_8000_0000_0000UL)]       // kernel half
        [InlineData(ulong.MaxValue)]
        public void A_kernel_or_non_canonical_base_is_invalid_address_and_changes_nothing(ulong fsBase)
        {
            tk.Ok(tk.InitThread, SyscallFrames.ThreadSetTls(0x5000));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(tk.InitThread, SyscallFrames.ThreadSetTls(fsBase)));
            Assert.Equal(0x5000UL, tk.InitThread.TlsBase);
        }

        [Fact]
        public void A_reused_thread_slot_starts_without_the_old_base()
        {
            Thread second = tk.NewThread(tk.InitThread);
            tk.Ok(second, SyscallFrames.ThreadSetTls(0x9000));
            ThreadId id = second.Id;
            tk.Exits(second, SyscallFrames.ExitThread(0));
            tk.Ok(tk.InitThread, SyscallFrames.JoinThread(id, 0));
            Thread again = tk.NewThread(tk.InitThread);
            Assert.Same(second, again);                                 // the freed slot comes back first
            Assert.Equal(0UL, again.TlsBase);
        }
    }
}
