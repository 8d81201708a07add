using System;
using System.Text;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>Console input, the process-kill extension, system information and the power switch.</summary>
    public sealed class ConsoleAndSystemTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;
        private Capability SystemInfoCap => tk.Init.Capabilities.TokenOf(3);
        private Capability PowerCap => tk.Init.Capabilities.TokenOf(4);

        private void Type(string text)
        {
            foreach (byte b in Encoding.ASCII.GetBytes(text)) tk.K.Console.Input.Put(b);
            tk.K.ConsoleInputArrived();
        }

        [Fact]
        public void Console_read_returns_what_was_typed_up_to_the_count()
        {
            Type("ls -l\r");
            ulong buf = tk.Reserve(tk.Init, 16);
            Assert.Equal(4UL, tk.Ok(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 4), 0)));
            Assert.Equal("ls -", Encoding.ASCII.GetString(tk.Peek(tk.Init, buf, 4)));
            Assert.Equal(2UL, tk.Ok(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 16), 0)));
            Assert.Equal("l\r", Encoding.ASCII.GetString(tk.Peek(tk.Init, buf, 2)));
            Assert.Equal(0UL, tk.Ok(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 0), 0)));
        }

        [Fact]
        public void Console_read_blocks_until_a_key_arrives_and_readers_are_served_in_order()
        {
            ulong buf = tk.Reserve(tk.Init, 16);
            Thread second = tk.NewThread(T);
            tk.K.Tasks.MakeRunnable(second);
            ulong buf2 = tk.Reserve(tk.Init, 16);
            tk.Blocks(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 8), 0));
            tk.Blocks(second, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf2, 8), 0));
            tk.K.ConsoleInputArrived();                                  // nothing typed: both still wait
            Assert.Equal(ThreadState.Blocked, T.State);

            Type("\u0003");                                              // Ctrl-C is just a byte to the reader
            Assert.Equal(SyscallReturn.Ok(1), T.ReturnValue);
            Assert.Equal(new byte[] { 3 }, tk.Peek(tk.Init, buf, 1));
            Assert.Equal(ThreadState.Blocked, second.State);
            Type("ab");
            Assert.Equal(SyscallReturn.Ok(2), second.ReturnValue);
            Assert.Equal("ab", Encoding.ASCII.GetString(tk.Peek(tk.Init, buf2, 2)));
        }

        [Fact]
        public void A_blocked_reader_whose_buffer_vanished_fails_and_the_input_stays()
        {
            ulong buf = tk.MapAnon(T, 4096);
            Thread other = tk.NewThread(T);
            tk.K.Tasks.MakeRunnable(other);
            tk.Blocks(T, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(buf, 8), 0));
            tk.Ok(other, SyscallFrames.Munmap(buf, 4096));
            Type("x");
            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(T));
            Assert.Equal(1, tk.K.Console.Input.Count);
        }

        [Fact]
        public void A_reader_that_dies_leaves_the_queue()
        {
            var (child, main) = tk.Spawn(T, tk.ConsoleCap);
            Capability console = tk.Granted(main)[0];
            ulong buf = tk.Reserve(child, 16);
            tk.Blocks(main, SyscallFrames.Read(console, new UserOutBuffer(buf, 8), 0));
            tk.Ok(T, SyscallFrames.KillProcess(child.Id));
            Assert.True(tk.K.Console.Readers.IsEmpty);
            Type("y");
            Assert.Equal(1, tk.K.Console.Input.Count);
        }

        [Fact]
        public void Reading_the_console_needs_the_read_right()
        {
            Capability writeOnly = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, Rights.Write)));
            ulong buf = tk.Reserve(tk.Init, 16);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Read(writeOnly, new UserOutBuffer(buf, 8), 0)));
        }

        [Fact]
        public void A_foreground_child_gets_the_typed_bytes_and_ctrl_c_goes_to_its_controller()
        {
            var (child, main) = tk.Spawn(T, tk.ConsoleCap);
            Capability console = tk.Granted(main)[0];
            ulong shellBuf = tk.Reserve(tk.Init, 16);
            ulong childBuf = tk.Reserve(child, 16);
            Thread reader = tk.NewThread(T);                             // the shell's reader thread
            tk.K.Tasks.MakeRunnable(reader);
            tk.Blocks(reader, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(shellBuf, 8), 0));   // the shell's reader, first in line
            tk.Ok(T, SyscallFrames.ConsoleForeground(tk.ConsoleCap, child.Id));
            tk.Blocks(main, SyscallFrames.Read(console, new UserOutBuffer(childBuf, 8), 0));

            Type("hi");                                                  // past the waiting controller, to the foreground
            Assert.Equal(SyscallReturn.Ok(2), main.ReturnValue);
            Assert.Equal("hi", Encoding.ASCII.GetString(tk.Peek(child, childBuf, 2)));
            Assert.Equal(ThreadState.Blocked, reader.State);

            Type("x\u0003y");                                           // nobody of the child reads: x, y wait; Ctrl-C to the controller
            Assert.Equal(SyscallReturn.Ok(1), reader.ReturnValue);
            Assert.Equal(new byte[] { 3 }, tk.Peek(tk.Init, shellBuf, 1));
            Assert.Equal(2, tk.K.Console.Input.Count);
            tk.Blocks(reader, SyscallFrames.Read(tk.ConsoleCap, new UserOutBuffer(shellBuf, 8), 0));   // not the foreground: waits

            // The child ends: the hand-over ends and the waiting controller gets what the child left.
            tk.Ok(T, SyscallFrames.KillProcess(child.Id));
            Assert.Null(tk.K.Console.Foreground);
            Assert.Equal(SyscallReturn.Ok(2), reader.ReturnValue);
            Assert.Equal("xy", Encoding.ASCII.GetString(tk.Peek(tk.Init, shellBuf, 2)));
        }

        [Fact]
        public void Console_foreground_needs_read_and_grant_a_console_and_a_child()
        {
            var (child, main) = tk.Spawn(T, tk.ConsoleCap);
            var (other, otherMain) = tk.Spawn(T, tk.ConsoleCap);
            Capability writeOnly = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, Rights.Write.Union(Rights.Grant))));
            Capability readOnly = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(tk.ConsoleCap, Rights.Read)));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.ConsoleForeground(writeOnly, child.Id)));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.ConsoleForeground(readOnly, child.Id)));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.ConsoleForeground(SystemInfoCap, child.Id)));
            Assert.Equal(SyscallError.NotFound, tk.Err(otherMain, SyscallFrames.ConsoleForeground(tk.Granted(otherMain)[0], child.Id)));
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.ConsoleForeground(tk.ConsoleCap, T.Process.Id)));
            tk.Ok(T, SyscallFrames.ConsoleForeground(tk.ConsoleCap, child.Id));
            Assert.Same(child, tk.K.Console.Foreground);
            Type("\u0003");                                             // nobody reads yet: the Ctrl-C waits for the controller
            tk.Ok(T, SyscallFrames.ConsoleForeground(tk.ConsoleCap, ProcessId.None));   // taken back: it becomes a byte again
            Assert.Null(tk.K.Console.Foreground);
            Assert.Equal(1, tk.K.Console.Input.Count);
        }

        [Fact]
        public void Kill_ends_a_child_for_its_waiter_and_anyone_but_the_parent_is_told_not_found()
        {
            var (child, main) = tk.Spawn(T);
            ProcessId pid = child.Id;
            var (other, otherMain) = tk.Spawn(T);
            Assert.Equal(SyscallError.NotFound, tk.Err(otherMain, SyscallFrames.KillProcess(pid)));
            tk.Ok(T, SyscallFrames.KillProcess(pid));
            tk.Ok(T, SyscallFrames.KillProcess(pid));                      // ended already: nothing to do
            ulong outp = tk.Reserve(tk.Init, 32);
            tk.Ok(T, SyscallFrames.WaitProcess(pid, 0, new UserOutPtr<ProcessExitInfo>(outp)));
            var info = tk.PeekStruct<ProcessExitInfo>(tk.Init, outp);
            Assert.Equal(ExitReason.Killed, info.Reason);
            Assert.Equal(-1, info.ExitCode);
            Assert.Equal(SyscallError.NotFound, tk.Err(T, SyscallFrames.KillProcess(pid)));   // reaped: stale id
        }

        [Fact]
        public void System_information_lists_memory_processes_and_only_the_callers_capabilities()
        {
            var (child, main) = tk.Spawn(T, tk.ConsoleCap);
            ulong buf = tk.Reserve(tk.Init, 4096);
            ulong n = tk.Ok(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 4096), (ulong)SystemInfoTable.Memory));
            Assert.Equal(48UL, n);
            var mem = tk.PeekStruct<MemoryInfo>(tk.Init, buf);
            Assert.Equal((ulong)tk.Platform.SimFrames.Total, mem.TotalFrames);
            Assert.Equal((ulong)tk.Platform.SimFrames.FreeCount, mem.FreeFrames);

            n = tk.Ok(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 4096), (ulong)SystemInfoTable.Processes));
            Assert.Equal(2UL * 48, n);
            var second = tk.PeekStruct<ProcessInfo>(tk.Init, buf + 48);
            Assert.Equal(child.Id.Raw, second.Id.Raw);
            Assert.Equal(tk.Init.Id.Raw, second.Parent.Raw);
            Assert.Equal(1u, second.Threads);

            n = tk.Ok(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 4096), (ulong)SystemInfoTable.Capabilities));
            Assert.Equal((ulong)tk.Init.Capabilities.Count * 16, n);
            var first = tk.PeekStruct<CapabilityInfo>(tk.Init, buf);
            Assert.Equal((uint)ObjectType.Resource, first.Type);

            n = tk.Ok(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 4096), (ulong)SystemInfoTable.Objects));
            Assert.Equal(104UL, n);
            var objects = tk.PeekStruct<ObjectCounts>(tk.Init, buf);
            Assert.Equal((ulong)tk.K.LiveProcessCount, objects.Processes);
            Assert.Equal(2UL, objects.Threads);
            Assert.Equal((ulong)(tk.Init.Capabilities.Count + child.Capabilities.Count), objects.Capabilities);
            Assert.Equal(0UL, objects.Endpoints);

            // Whole records only; an unknown table; a program without the capability sees nothing.
            Assert.Equal(48UL, tk.Ok(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 60), (ulong)SystemInfoTable.Processes)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Read(SystemInfoCap, new UserOutBuffer(buf, 64), 9)));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.Write(SystemInfoCap, new UserBuffer(buf, 4), 0)));
        }

        [Fact]
        public void Power_commands_reach_the_platform_and_nothing_else_does()
        {
            ulong off = tk.Put(tk.Init, Encoding.ASCII.GetBytes("poweroff\n"));
            ulong reboot = tk.Put(tk.Init, Encoding.ASCII.GetBytes("reboot"));
            ulong junk = tk.Put(tk.Init, Encoding.ASCII.GetBytes("explode"));
            // The simulated machine stays on: the call reports that it could not.
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.Write(PowerCap, new UserBuffer(off, 9), 0)));
            Assert.Equal(SyscallError.NotSupported, tk.Err(T, SyscallFrames.Write(PowerCap, new UserBuffer(reboot, 6), 0)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallFrames.Write(PowerCap, new UserBuffer(junk, 7), 0)));
            Assert.Equal(new[] { "off", "reset" }, tk.Platform.PowerRequests);
            Capability readOnly = new Capability(tk.Ok(T, SyscallFrames.CapabilityDerive(PowerCap, Rights.Grant)));
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(T, SyscallFrames.Write(readOnly, new UserBuffer(off, 8), 0)));
        }
    }
}
