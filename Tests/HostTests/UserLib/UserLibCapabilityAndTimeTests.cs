using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>UserLib's generated wrappers against the real dispatcher: capabilities, time, scheduling.</summary>
    public class UserLibCapabilityAndTimeTests
    {
        private readonly TestKernel tk = new TestKernel();

        public UserLibCapabilityAndTimeTests() => tk.User(tk.InitThread);

        [Fact]
        public void Derive_validate_revoke()
        {
            SysResult<Capability> d = Sys.CapabilityDerive(tk.ConsoleCap, Rights.Write.Union(Rights.Derive));
            Assert.True(d.IsOk);
            Assert.Equal(ObjectType.Console, d.Value.Type);
            Assert.True(Sys.CapabilityValidate(d.Value, Rights.Write).IsOk);
            Assert.Equal(SyscallError.PermissionDenied, Sys.CapabilityValidate(d.Value, Rights.Grant).Error);
            SysResult<Capability> grandchild = Sys.CapabilityDerive(d.Value, Rights.Write);
            Assert.True(grandchild.IsOk);
            Assert.True(Sys.CapabilityRevoke(d.Value).IsOk);
            Assert.Equal(SyscallError.InvalidCapability, Sys.CapabilityValidate(d.Value, Rights.None).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.CapabilityValidate(grandchild.Value, Rights.None).Error);
            Assert.True(Sys.CapabilityValidate(tk.ConsoleCap, Rights.Write).IsOk);
        }

        [Fact]
        public void Capability_errors()
        {
            Assert.Equal(SyscallError.PermissionDenied, Sys.CapabilityDerive(tk.ConsoleCap, Rights.Execute).Error);
            Assert.Equal(default(Capability).Raw, Sys.CapabilityDerive(tk.ConsoleCap, Rights.Execute).Value.Raw);
            Assert.Equal(SyscallError.InvalidParameter, Sys.CapabilityDerive(tk.ConsoleCap, new Rights(1u << 9)).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.CapabilityValidate(tk.ConsoleCap, new Rights(1u << 31)).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.CapabilityRevoke(new Capability(12345)).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, tk.ConsoleCap).Error);
            Assert.Equal(SyscallError.NotSupported, Sys.CapabilityCreate(ObjectType.Console, new ObjectId(0), Rights.Read, tk.RootResource).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.CapabilityCreate(ObjectType.Endpoint, new ObjectId(1), Rights.Read, tk.RootResource).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.CapabilityCreate((ObjectType)200, new ObjectId(0), Rights.Read, tk.RootResource).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(0), Rights.Read, tk.RootResource).Error);
            Assert.True(Sys.CapabilityCreate(ObjectType.Endpoint, new ObjectId(0), Rights.Read, tk.RootResource).IsOk);
        }

        [Fact]
        public void Clock_get_reads_both_clocks()
        {
            SysResult<Timespec> t0 = Sys.ClockGet(ClockId.Monotonic);
            Assert.True(t0.IsOk);
            tk.K.AdvanceTime(1_500_000_000);
            SysResult<Timespec> t1 = Sys.ClockGet(ClockId.Monotonic);
            Assert.Equal(1_500_000_000UL, t1.Value.ToNanosecondsSaturating() - t0.Value.ToNanosecondsSaturating());
            Assert.True(Sys.ClockGet(ClockId.Realtime).IsOk);
            Assert.Equal(SyscallError.InvalidParameter, Sys.ClockGet((ClockId)2).Error);
        }

        [Fact]
        public void Nanosleep_and_yield()
        {
            Assert.True(Sys.Yield().IsOk);
            Assert.True(Sys.Nanosleep(new Timespec(0, 0)).IsOk);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Nanosleep(new Timespec(0, 1_000_000_000)).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Nanosleep(new Timespec(-1, 0)).Error);

            tk.UserBlocks(tk.InitThread, () => Sys.Nanosleep(new Timespec(0, 5000)));
            tk.K.AdvanceTime(4999);
            Assert.Equal(ThreadState.Blocked, tk.InitThread.State);
            tk.K.AdvanceTime(1);
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(tk.InitThread));
        }

        [Fact]
        public void Raw_calls_reach_the_dispatcher_too()
        {
            KernelBackend b = tk.User(tk.InitThread);
            Assert.Equal(SyscallReturn.Error(SyscallError.InvalidSyscall), Syscall.Syscall0(99));
            Assert.Equal(SyscallReturn.Ok(0), Syscall.Syscall0((ulong)SyscallNumber.Yield));
            Assert.Equal(SyscallOutcome.Completed, b.LastOutcome);
        }
    }
}
