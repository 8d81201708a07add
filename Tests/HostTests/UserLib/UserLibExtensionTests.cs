using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// UserLib's generated wrappers for the issue-11 extensions against the real dispatcher:
    /// the futex word goes by address (on the host: a copy in simulated memory, so a value
    /// check and a timeout are what can be seen), a u32 in one register, the TLS base, a
    /// FaultContext by value.
    /// </summary>
    public unsafe class UserLibExtensionTests
    {
        private readonly TestKernel tk = new TestKernel();

        public UserLibExtensionTests() => tk.User(tk.InitThread);

        [Fact]
        public void Futex_wrappers_pass_the_word_and_the_values()
        {
            uint word = 5;
            Assert.Equal(SyscallError.Busy, Sys.FutexWait(&word, 6, Abi.WaitForever).Error);
            Assert.Equal(SyscallError.Timeout, Sys.FutexWait(&word, 5, Abi.NoWait).Error);
            Assert.Equal(SyscallError.InvalidAddress, Sys.FutexWait(null, 0, Abi.NoWait).Error);
            SysResult woken = Sys.FutexWake(&word, uint.MaxValue);
            Assert.True(woken.IsOk);
            Assert.Equal(0UL, woken.Value);
        }

        [Fact]
        public void Tls_and_exception_wrappers_reach_their_handlers()
        {
            Assert.True(Sys.ThreadSetTls(0x7000_0000).IsOk);
            Assert.Equal(0x7000_0000UL, tk.InitThread.TlsBase);
            Assert.Equal(SyscallError.InvalidParameter, Sys.ExceptionHandlerSet(0, 0x10000).Error);
            Assert.True(Sys.ExceptionHandlerSet(0, 0).IsOk);
            Assert.Equal(SyscallError.InvalidParameter, Sys.ExceptionReturn(default).Error);   // not in a handler
        }
    }
}
