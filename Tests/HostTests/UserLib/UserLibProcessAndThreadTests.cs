using System;
using System.Text;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>UserLib's generated wrappers against the real dispatcher: processes and threads.</summary>
    public class UserLibProcessAndThreadTests
    {
        private readonly TestKernel tk = new TestKernel();

        public UserLibProcessAndThreadTests() => tk.User(tk.InitThread);

        private UserString Arg(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            return new UserString(tk.Put(tk.Init, bytes), (ulong)bytes.Length);
        }

        [Fact]
        public void Create_start_exit_wait()
        {
            byte[] image = ElfBuilder.Minimal().Build();
            SysResult<ProcessId> pid = Sys.CreateProcess(image, new[] { Arg("child"), Arg("--flag") }, new[] { tk.ConsoleCap });
            Assert.True(pid.IsOk);
            Process child = tk.K.LookupProcess(pid.Value);
            Assert.Equal(ProcessState.Created, child.State);
            var info = tk.PeekStruct<StartInfo>(child, child.MainThread.Argument);
            Assert.Equal(2UL, info.ArgCount);
            Assert.Single(tk.Granted(child.MainThread));

            Assert.True(Sys.StartProcess(pid.Value).IsOk);
            Assert.Equal(SyscallError.Busy, Sys.StartProcess(pid.Value).Error);
            Assert.Equal(SyscallError.Timeout, Sys.WaitProcess(pid.Value, Abi.NoWait).Error);

            KernelBackend asChild = tk.User(child.MainThread);
            Sys.Exit(7);
            Assert.Equal(SyscallOutcome.Exited, asChild.LastOutcome);

            tk.User(tk.InitThread);
            SysResult<ProcessExitInfo> exit = Sys.WaitProcess(pid.Value, Abi.NoWait);
            Assert.True(exit.IsOk);
            Assert.Equal(7, exit.Value.ExitCode);
            Assert.Equal(ExitReason.Exited, exit.Value.Reason);
            Assert.Equal(SyscallError.NotFound, Sys.WaitProcess(pid.Value, Abi.NoWait).Error);
        }

        [Fact]
        public void Wait_blocks_until_the_child_exits()
        {
            SysResult<ProcessId> pid = Sys.CreateProcess(ElfBuilder.Minimal().Build(), ReadOnlySpan<UserString>.Empty, ReadOnlySpan<Capability>.Empty);
            Assert.True(Sys.StartProcess(pid.Value).IsOk);
            tk.UserBlocks(tk.InitThread, () => Sys.WaitProcess(pid.Value, Abi.WaitForever));
            tk.User(tk.K.LookupProcess(pid.Value).MainThread);
            Sys.Exit(-2);
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(tk.InitThread));
        }

        [Fact]
        public void Process_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, Sys.CreateProcess(new byte[10], ReadOnlySpan<UserString>.Empty, ReadOnlySpan<Capability>.Empty).Error);
            Capability noGrant = Sys.CapabilityDerive(tk.ConsoleCap, Rights.Write).Value;
            Assert.Equal(SyscallError.PermissionDenied, Sys.CreateProcess(ElfBuilder.Minimal().Build(), ReadOnlySpan<UserString>.Empty, new[] { noGrant }).Error);
            Assert.Equal(SyscallError.InvalidAddress, Sys.CreateProcess(ElfBuilder.Minimal().Build(), new[] { new UserString(0xFFFF_8000_0000_0000, 5) }, ReadOnlySpan<Capability>.Empty).Error);
            Assert.Equal(SyscallError.NotFound, Sys.StartProcess(new ProcessId(0x9_0003)).Error);
            Assert.Equal(SyscallError.NotFound, Sys.WaitProcess(new ProcessId(0x9_0003), Abi.NoWait).Error);
        }

        private (ulong Code, ulong Stack) CodeAndStack()
        {
            ulong code = Sys.Mmap(0, 4096, ProtectionFlags.Read | ProtectionFlags.Exec, MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0).Value;
            ulong stack = Sys.Mmap(0, 16384, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0).Value;
            return (code, stack);
        }

        [Fact]
        public void Create_exit_join_a_thread()
        {
            var (code, stack) = CodeAndStack();
            SysResult<ThreadId> tid = Sys.CreateThread(code, stack, 16384, 42);
            Assert.True(tid.IsOk);
            Thread t = tk.K.LookupThread(tid.Value);
            Assert.Equal(42UL, t.Argument);
            Assert.Equal(code, t.EntryPoint);
            Assert.Equal((stack + 16384) & ~15UL, t.StackPointer);
            Assert.Equal(SyscallError.Timeout, Sys.JoinThread(tid.Value, Abi.NoWait).Error);

            KernelBackend asThread = tk.User(t);
            Sys.ExitThread(-5);
            Assert.Equal(SyscallOutcome.Exited, asThread.LastOutcome);

            tk.User(tk.InitThread);
            SysResult<int> joined = Sys.JoinThread(tid.Value, Abi.NoWait);
            Assert.True(joined.IsOk);
            Assert.Equal(-5, joined.Value);
            Assert.Equal(SyscallError.NotFound, Sys.JoinThread(tid.Value, Abi.NoWait).Error);
        }

        [Fact]
        public void Thread_errors()
        {
            var (code, stack) = CodeAndStack();
            Assert.Equal(SyscallError.InvalidParameter, Sys.CreateThread(code, stack, 0, 0).Error);
            Assert.Equal(SyscallError.InvalidAddress, Sys.CreateThread(stack, stack, 16384, 0).Error);
            Assert.Equal(SyscallError.InvalidAddress, Sys.CreateThread(code, code, 4096, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.JoinThread(tk.InitThread.Id, Abi.NoWait).Error);
            Assert.Equal(SyscallError.NotFound, Sys.JoinThread(new ThreadId(0x4_0077), Abi.NoWait).Error);
        }
    }
}
