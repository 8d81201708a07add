using Veridian.Kernel;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>The rarer error paths, one test each, so every error a handler can return is exercised.</summary>
    public class ErrorCoverageTests
    {
        private const ulong RW = (ulong)(ProtectionFlags.Read | ProtectionFlags.Write);

        private static TestKernel SmallRegions(int regions)
        {
            var cfg = KernelConfig.Default;
            cfg.MaxRegionsPerProcess = regions;
            return new TestKernel(cfg);
        }

        [Fact]
        public void Munmap_split_with_a_full_region_table_is_exhausted_and_changes_nothing()
        {
            var tk = SmallRegions(1);
            ulong a = tk.MapAnon(tk.InitThread, 3 * 4096);
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(tk.InitThread, SyscallFrames.Munmap(a + 4096, 4096)));
            Assert.Equal(1, tk.Init.Memory.RegionCount);
            Assert.Equal(3UL, tk.Init.Memory.RegionAt(0).Pages);
            tk.Ok(tk.InitThread, SyscallFrames.Munmap(a, 4096)); // trimming an end needs no new slot
        }

        [Fact]
        public void Mprotect_split_with_a_full_region_table_is_exhausted()
        {
            var tk = SmallRegions(1);
            ulong a = tk.MapAnon(tk.InitThread, 3 * 4096);
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(tk.InitThread, SyscallFrames.Mprotect(a + 4096, 4096, (ProtectionFlags)1)));
            Assert.Equal(ProtectionFlags.Read | ProtectionFlags.Write, tk.Init.Memory.RegionAt(0).Protection);
        }

        [Fact]
        public void Channel_to_an_endpoint_whose_owner_died_is_interrupted()
        {
            var tk = new TestKernel();
            var init = tk.InitThread;
            var a = tk.NewEndpoint(init);
            var b = tk.NewEndpoint(init);
            var ch = tk.NewChannel(init, a, b);
            var (_, child) = tk.Spawn(init, b.Cap);
            var c = tk.NewEndpoint(child);
            tk.Send(child, ch, tk.Granted(child)[0], new byte[1], c.Cap);
            Capability cAtInit = tk.Receive(init, a).Result.Capability;
            tk.Exits(child, SyscallFrames.Exit(0));
            var x = tk.NewEndpoint(init);
            Assert.Equal(SyscallError.Interrupted, tk.Err(init, SyscallFrames.IpcChannelCreate(x.Id, c.Id, x.Cap, cAtInit)));
        }

        [Fact]
        public void Receive_with_a_full_capability_space_keeps_the_message()
        {
            var cfg = KernelConfig.Default;
            cfg.CapabilitySlotsPerProcess = 8;
            var tk = new TestKernel(cfg);
            var init = tk.InitThread;
            var a = tk.NewEndpoint(init);
            var b = tk.NewEndpoint(init);
            var ch = tk.NewChannel(init, a, b);
            var (child, main) = tk.Spawn(init, b.Cap);
            Capability bChild = tk.Granted(main)[0];
            Capability mem = tk.NewMemory(init, 4096, Rights.ReadBit | Rights.GrantBit | Rights.DeriveBit);
            Assert.Equal(SyscallError.Success, tk.Send(init, ch, a.Cap, new byte[] { 9 }, mem));
            ulong last = 0;
            while (child.Capabilities.Count < 8)
                last = tk.Ok(main, SyscallFrames.CapabilityDerive(bChild, Rights.Read));
            Assert.Equal(SyscallError.ResourceExhausted, tk.Receive(main, (b.Id, bChild)).Error);
            tk.Ok(main, SyscallFrames.CapabilityRevoke(new Capability(last)));
            var r = tk.Receive(main, (b.Id, bChild));
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal(new byte[] { 9 }, r.Data);
            Assert.Equal(ObjectType.Memory, r.Result.Capability.Type);
        }

        private static (TestKernel tk, Thread client, Thread server, ChannelId ch, Capability clientEnd, (EndpointId, Capability) serverEnd) CallSetup(KernelConfig? cfg = null)
        {
            var tk = new TestKernel(cfg);
            var init = tk.InitThread;
            var a = tk.NewEndpoint(init);
            var b = tk.NewEndpoint(init);
            var ch = tk.NewChannel(init, a, b);
            var (_, child) = tk.Spawn(init, b.Cap);
            return (tk, child, init, ch, tk.Granted(child)[0], a);
        }

        private static (ulong Args, ulong Result) CallArgs(TestKernel tk, Thread t, ChannelId ch, Capability endCap, ulong responseLength = 64)
        {
            ulong req = tk.Put(t.Process, new byte[] { 1, 2 });
            ulong resp = tk.Reserve(t.Process, responseLength);
            ulong result = tk.Reserve(t.Process, 24);
            ulong args = tk.PutStruct(t.Process, new IpcCallArgs(ch, req, 2, resp, responseLength, Abi.WaitForever, default, endCap));
            return (args, result);
        }

        [Fact]
        public void Call_without_write_is_denied_and_a_full_queue_is_busy()
        {
            var (tk, client, _, ch, end, _) = CallSetup();
            Capability readOnly = new Capability(tk.Ok(client, SyscallFrames.CapabilityDerive(end, Rights.Read)));
            var denied = CallArgs(tk, client, ch, readOnly);
            Assert.Equal(SyscallError.PermissionDenied, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(denied.Args), new UserOutPtr<IpcCallResult>(denied.Result))));
            for (int i = 0; i < tk.K.Config.EndpointQueueDepth; i++)
                Assert.Equal(SyscallError.Success, tk.Send(client, ch, end, new byte[1]));
            var busy = CallArgs(tk, client, ch, end);
            Assert.Equal(SyscallError.Busy, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(busy.Args), new UserOutPtr<IpcCallResult>(busy.Result))));
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void Reply_with_bad_capability_bad_pointer_or_full_caller_space()
        {
            var cfg = KernelConfig.Default;
            cfg.CapabilitySlotsPerProcess = 8;
            var (tk, client, server, ch, end, serverEnd) = CallSetup(cfg);
            var c = CallArgs(tk, client, ch, end);
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = tk.Receive(server, serverEnd);
            ulong token = req.Result.ReplyToken.Raw;
            ulong resp = tk.Put(server.Process, new byte[] { 5 });

            Assert.Equal(SyscallError.InvalidCapability, tk.Err(server, SyscallFrames.IpcReply(new ReplyToken(token), new UserBuffer(resp, 1), new Capability(0x55))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcReply(new ReplyToken(token), new UserBuffer(0, 1), default(Capability))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcReply(new ReplyToken(token), new UserBuffer(0xFFFF_8000_0000_0000, 1), default(Capability))));
            // Fill the blocked caller's capability space, then reply with a capability.
            Capability mem = tk.NewMemory(server, 4096, Rights.ReadBit | Rights.GrantBit);
            var sp = client.Process.Capabilities;
            while (!sp.IsFull)
                tk.K.Capabilities.Derive(tk.K.Capabilities.Address(client.Process.CapabilitySpaceIndex, (int)end.Index),
                    client.Process.CapabilitySpaceIndex, Rights.Read, out int _);
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(server, SyscallFrames.IpcReply(new ReplyToken(token), new UserBuffer(resp, 1), mem)));
            Assert.Equal(ThreadState.Blocked, client.State);
            tk.Ok(server, SyscallFrames.IpcReply(new ReplyToken(token), new UserBuffer(resp, 1), default(Capability)));
            Assert.Equal(SyscallReturn.Ok(1), client.ReturnValue);
        }

        [Fact]
        public void Process_create_with_the_thread_table_full_is_exhausted()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxThreads = 2;
            var tk = new TestKernel(cfg);
            tk.NewThread(tk.InitThread);
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(tk.CreateRaw(tk.InitThread, ElfBuilder.Minimal().Build())));
            Assert.Equal(1, tk.K.LiveProcessCount);
            Assert.Single(tk.Platform.PageTables);
        }

        [Fact]
        public void Dynamically_linked_image_is_not_supported()
        {
            var tk = new TestKernel();
            var elf = ElfBuilder.Minimal();
            elf.Segments.Add(new ElfBuilder.Segment { Type = 3, Offset = 0x1000, VirtualAddress = 0, MemorySize = 0 });
            Assert.Equal(SyscallError.NotSupported, SyscallReturn.GetError(tk.CreateRaw(tk.InitThread, elf.Build())));
        }

        [Fact]
        public void Copy_out_to_an_untouched_page_with_no_frames_is_out_of_memory()
        {
            var tk = new TestKernel(null, frames: 40);
            ulong buf = tk.MapAnon(tk.InitThread, 4096);
            ulong data = tk.Put(tk.Init, new byte[] { 1, 2, 3 });
            tk.Ok(tk.InitThread, SyscallFrames.Write(tk.ConsoleCap, new UserBuffer(data, 3), 0));
            while (tk.Platform.SimFrames.TryAllocate(out _))
            {
            }
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(tk.InitThread, SyscallFrames.Read(tk.LogCap, new UserOutBuffer(buf, 3), 0)));
        }

        /// <summary>A machine with no free frame, and an anonymous page of init's that was never touched.</summary>
        private static (TestKernel tk, ulong page) UntouchedPageAndNoFrames(bool secondThread = false)
        {
            var tk = new TestKernel(null, frames: 40);
            if (secondThread)
                tk.NewThread(tk.InitThread);   // its kernel stack needs frames: made before they are gone
            ulong page = tk.MapAnon(tk.InitThread, 4096);
            while (tk.Platform.SimFrames.TryAllocate(out _))
            {
            }
            return (tk, page);
        }

        [Fact]
        public void Futex_on_an_untouched_page_with_no_frames_is_out_of_memory()
        {
            var (tk, page) = UntouchedPageAndNoFrames();
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(tk.InitThread, SyscallFrames.FutexWait(new UserPtr<uint>(page), 0, Abi.NoWait)));
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(tk.InitThread, SyscallFrames.FutexWake(new UserPtr<uint>(page), 1)));
        }

        [Fact]
        public void Suspend_into_an_untouched_page_with_no_frames_is_out_of_memory_and_leaves_the_thread_running()
        {
            var (tk, page) = UntouchedPageAndNoFrames(secondThread: true);
            Thread other = tk.K.LookupThread(tk.InitThread.Process.FirstThread.Id);
            Assert.Equal(SyscallError.OutOfMemory, tk.Err(tk.InitThread, SyscallFrames.SuspendThread(other.Id, new UserOutPtr<FaultContext>(page))));
            Assert.False(other.Suspended);
        }

        [Fact]
        public void Console_foreground_with_a_dead_token_is_invalid_capability()
        {
            var tk = new TestKernel();
            var (child, _) = tk.Spawn();
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(tk.InitThread, SyscallFrames.ConsoleForeground(new Capability(0x55), child.Id)));
        }
    }
}
