using System;
using System.Linq;
using Veridian.Kernel;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    // The IPC tests once more with the fast path off (KernelConfig.IpcFastPath = false): every
    // test in them must give the same results through the general path alone. The field
    // initialiser runs before the base constructor, so the base's kernel is made slow too.

    public class IpcTestsGeneralPath : IpcTests
    {
        private readonly bool general = TestKernel.UseGeneralIpcOnly();

        [Fact]
        public void Kernels_of_this_test_take_the_general_path() => IpcFastPathTests.AssertGeneralOnly(general);
    }

    public class CallPropertyTestsGeneralPath : CallPropertyTests
    {
        private readonly bool general = TestKernel.UseGeneralIpcOnly();

        [Fact]
        public void Kernels_of_this_test_take_the_general_path() => IpcFastPathTests.AssertGeneralOnly(general);
    }

    public class UserLibIpcTestsGeneralPath : UserLibIpcTests
    {
        private readonly bool general = TestKernel.UseGeneralIpcOnly();

        [Fact]
        public void Kernels_of_this_test_take_the_general_path() => IpcFastPathTests.AssertGeneralOnly(general);
    }

    /// <summary>
    /// The fast path itself (Kernel/Ipc/IpcFastPath.cs): taken for a call to a parked receiver
    /// and a reply to a parked caller, with the direct switch; every unusual case falls back
    /// (the counters do not move) and gets the general path's result.
    /// </summary>
    public class IpcFastPathTests
    {
        private readonly TestKernel tk;
        private readonly Thread server;                         // init
        private readonly (EndpointId Id, Capability Cap) a;     // init's end
        private readonly Process child;
        private readonly Thread client;                         // child's main thread
        private readonly Capability bAtClient;
        private readonly ChannelId ch;
        private readonly ulong serverPage;                      // a fresh page each: no buffer crosses a page by chance
        private readonly ulong clientPage;

        public IpcFastPathTests() : this(null)
        {
        }

        private IpcFastPathTests(KernelConfig? cfg)
        {
            tk = new TestKernel(cfg);
            ServerAndClient sc = tk.ServerAndClient();
            (server, a, ch, child, client, bAtClient) = (sc.Server, sc.A, sc.Channel, sc.Child, sc.Client, sc.BAtClient);
            serverPage = tk.MapAnon(server, 4 * 4096);
            clientPage = tk.MapAnon(client, 4 * 4096);
        }

        internal static void AssertGeneralOnly(bool general)
        {
            Assert.True(general);
            Assert.False(new TestKernel().K.Config.IpcFastPath);
        }

        private IpcFastPath Fast => tk.K.Ipc.FastPath;

        private static byte[] Bytes(int n, int seed = 1) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + seed)).ToArray();

        private void Poke(Process p, ulong va, byte[] data) => Assert.Equal(SyscallError.Success, UserMemory.CopyOut(p.Memory, va, data));

        // The server blocks receiving into its page: buffer at +0 (bufferLength), result at +3 pages.
        private (ulong Buffer, ulong Out) ServerWaits(ulong bufferLength = 256, ulong timeout = Abi.WaitForever)
        {
            ulong outp = serverPage + 3 * 4096;
            tk.Blocks(server, SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(serverPage, bufferLength), timeout, a.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            return (serverPage, outp);
        }

        // The client's call: request at request (default: its page + 0), response at +1 page, result at +3 pages.
        private (ulong Response, ulong Result, SyscallOutcome Outcome, ulong Ret) ClientCalls(byte[] request, ulong responseLength = 256,
            ulong timeout = Abi.WaitForever, Capability transfer = default, ulong requestAt = 0)
        {
            ulong req = requestAt != 0 ? requestAt : clientPage;
            if (request.Length > 0)
                Poke(child, req, request);
            ulong resp = clientPage + 4096, result = clientPage + 3 * 4096;
            ulong args = tk.PutStruct(child, new IpcCallArgs(ch, req, (ulong)request.Length, resp, responseLength, timeout, transfer, bAtClient));
            SyscallOutcome o = tk.Invoke(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(result)), out ulong ret);
            return (resp, result, o, ret);
        }

        private SyscallError Reply(ReplyToken token, byte[] response, Capability transfer = default)
        {
            ulong p = serverPage + 2 * 4096;
            if (response.Length > 0)
                Poke(server.Process, p, response);
            return SyscallReturn.GetError(tk.Raw(server, SyscallFrames.IpcReply(token, new UserBuffer(p, (ulong)response.Length), transfer)));
        }

        [Fact]
        public void Call_to_a_parked_receiver_and_its_reply_take_the_fast_path_and_switch_directly()
        {
            Thread other = tk.NewThread(server);                // ready behind the client
            var (buf, outp) = ServerWaits();
            var c = ClientCalls(Bytes(64));
            Assert.Equal(SyscallOutcome.Blocked, c.Outcome);
            Assert.Equal(1UL, Fast.Calls);
            Assert.Equal(SyscallReturn.Ok(64), server.ReturnValue);
            Assert.Equal(ThreadState.Ready, server.State);
            Assert.Same(server, tk.K.Scheduler.Current);        // in the client's place, ahead of the other thread
            Assert.Same(other, tk.K.Scheduler.At(1));
            Assert.Equal(Bytes(64), tk.Peek(server.Process, buf, 64));
            var got = tk.PeekStruct<IpcReceiveResult>(server.Process, outp);
            Assert.Equal(child.Id.Raw, got.Sender.Raw);
            Assert.Equal(64UL, got.MessageLength);
            Assert.True(got.Capability.IsNull);
            Assert.False(got.ReplyToken.IsNone);
            Assert.Equal(0, tk.K.Ipc.Messages.LiveCount);       // no message buffer was taken

            Assert.Equal(SyscallError.Success, Reply(got.ReplyToken, Bytes(20, 9)));
            Assert.Equal(1UL, Fast.Replies);
            Assert.Equal(SyscallReturn.Ok(20), client.ReturnValue);
            Assert.Equal(Bytes(20, 9), tk.Peek(child, c.Response, 20));
            var result = tk.PeekStruct<IpcCallResult>(child, c.Result);
            Assert.Equal(20UL, result.ResponseLength);
            Assert.Equal(server.Process.Id.Raw, result.Responder.Raw);
            Assert.Equal(0, tk.K.LiveReplyCount);
            Assert.Equal(SyscallError.NotFound, Reply(got.ReplyToken, Bytes(1)));   // used once
        }

        [Fact]
        public void A_fast_call_still_times_out_and_its_late_reply_is_interrupted()
        {
            ServerWaits();
            var c = ClientCalls(Bytes(8), timeout: 1000);
            Assert.Equal(1UL, Fast.Calls);
            var got = tk.PeekStruct<IpcReceiveResult>(server.Process, serverPage + 3 * 4096);
            tk.K.AdvanceTime(1000);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(client));
            Assert.Equal(SyscallError.Interrupted, Reply(got.ReplyToken, Bytes(4)));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void A_fast_caller_killed_while_waiting_leaves_its_reply_interrupted()
        {
            ServerWaits();
            ClientCalls(Bytes(8));
            Assert.Equal(1UL, Fast.Calls);
            var got = tk.PeekStruct<IpcReceiveResult>(server.Process, serverPage + 3 * 4096);
            Assert.Equal(SyscallError.Success, tk.As(server, () => Sys.KillProcess(child.Id)).Error);
            Assert.Equal(SyscallError.Interrupted, Reply(got.ReplyToken, Bytes(4)));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        // ---- calls that fall back ----

        [Fact]
        public void No_receiver_waiting_falls_back()
        {
            var c = ClientCalls(Bytes(8));
            Assert.Equal(SyscallOutcome.Blocked, c.Outcome);
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(1, tk.K.Ipc.Messages.LiveCount);       // queued on the general path
        }

        [Fact]
        public void A_capability_transfer_falls_back()
        {
            var mine = tk.NewEndpoint(client);
            ServerWaits();
            ClientCalls(Bytes(8), transfer: mine.Cap);
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(SyscallReturn.Ok(8), server.ReturnValue);
            Assert.False(tk.PeekStruct<IpcReceiveResult>(server.Process, serverPage + 3 * 4096).Capability.IsNull);
        }

        [Fact]
        public void A_long_message_falls_back()
        {
            ServerWaits(bufferLength: 4096);
            int n = (int)IpcFastPath.MaxBytes + 1;
            ClientCalls(Bytes(n));
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(SyscallReturn.Ok((ulong)n), server.ReturnValue);
            Assert.Equal(Bytes(n), tk.Peek(server.Process, serverPage, n));
        }

        [Fact]
        public void A_request_across_a_page_falls_back()
        {
            ServerWaits();
            ClientCalls(Bytes(16), requestAt: clientPage + 2 * 4096 - 8);
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(SyscallReturn.Ok(16), server.ReturnValue);
            Assert.Equal(Bytes(16), tk.Peek(server.Process, serverPage, 16));
        }

        [Fact]
        public void A_receive_buffer_too_small_falls_back()
        {
            ServerWaits(bufferLength: 4);
            var c = ClientCalls(Bytes(8));
            Assert.Equal(SyscallOutcome.Blocked, c.Outcome);
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(SyscallError.BufferTooSmall, TestKernel.WokenWith(server));
            Assert.Equal(1, tk.K.Ipc.Messages.LiveCount);       // still queued for a larger receive
        }

        [Fact]
        public void A_used_up_message_pool_falls_back_to_resource_exhausted()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxMessages = 1;
            var t = new IpcFastPathTests(cfg);
            Assert.Equal(SyscallError.Success, t.tk.Send(t.server, t.ch, t.a.Cap, Bytes(1)));   // to the child: the pool is used up
            t.ServerWaits();
            var c = t.ClientCalls(Bytes(8));
            Assert.Equal(SyscallOutcome.Completed, c.Outcome);
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(c.Ret));
            Assert.Equal(0UL, t.Fast.Calls);
            Assert.Equal(ThreadState.Blocked, t.server.State);
        }

        [Fact]
        public void An_unreadable_request_fails_on_the_general_path()
        {
            ServerWaits();
            ulong args = tk.PutStruct(child, new IpcCallArgs(ch, 0x5000_0000, 8, clientPage + 4096, 64, Abi.WaitForever, Capability.Null, bAtClient));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(clientPage + 3 * 4096))));
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(ThreadState.Blocked, server.State);    // still waiting: nothing was delivered
        }

        [Fact]
        public void A_receive_buffer_unmapped_while_parked_falls_back()
        {
            Thread helper = tk.NewThread(server);
            ServerWaits();
            Assert.Equal(SyscallError.Success, tk.As(helper, () => Sys.Munmap(serverPage, 4096)).Error);
            var c = ClientCalls(Bytes(8));
            Assert.Equal(SyscallOutcome.Blocked, c.Outcome);
            Assert.Equal(0UL, Fast.Calls);
            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(server));
            Assert.Equal(1, tk.K.Ipc.Messages.LiveCount);
        }

        // ---- replies that fall back ----

        private ReplyToken FastCall(ulong responseLength = 256)
        {
            ServerWaits();
            ClientCalls(Bytes(8), responseLength);
            Assert.Equal(1UL, Fast.Calls);
            return tk.PeekStruct<IpcReceiveResult>(server.Process, serverPage + 3 * 4096).ReplyToken;
        }

        [Fact]
        public void A_reply_with_a_capability_falls_back()
        {
            ReplyToken token = FastCall();
            var ep = tk.NewEndpoint(server);
            Assert.Equal(SyscallError.Success, Reply(token, Bytes(4), ep.Cap));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(SyscallReturn.Ok(4), client.ReturnValue);
            Assert.False(tk.PeekStruct<IpcCallResult>(child, clientPage + 3 * 4096).Capability.IsNull);
        }

        [Fact]
        public void A_long_reply_falls_back()
        {
            ReplyToken token = FastCall(responseLength: 4096);
            int n = (int)IpcFastPath.MaxBytes + 1;
            Assert.Equal(SyscallError.Success, Reply(token, Bytes(n, 3)));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(SyscallReturn.Ok((ulong)n), client.ReturnValue);
            Assert.Equal(Bytes(n, 3), tk.Peek(child, clientPage + 4096, n));
        }

        [Fact]
        public void A_reply_larger_than_the_response_buffer_falls_back_and_keeps_the_token()
        {
            ReplyToken token = FastCall(responseLength: 8);
            Assert.Equal(SyscallError.BufferTooSmall, Reply(token, Bytes(9)));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(SyscallError.Success, Reply(token, Bytes(8)));
            Assert.Equal(1UL, Fast.Replies);
            Assert.Equal(SyscallReturn.Ok(8), client.ReturnValue);
        }

        [Fact]
        public void A_response_buffer_unmapped_while_waiting_falls_back()
        {
            Thread helper = tk.NewThread(client);
            ReplyToken token = FastCall();
            Assert.Equal(SyscallError.Success, tk.As(helper, () => Sys.Munmap(clientPage + 4096, 4096)).Error);
            Assert.Equal(SyscallError.Interrupted, Reply(token, Bytes(4)));
            Assert.Equal(0UL, Fast.Replies);
            Assert.Equal(SyscallError.InvalidAddress, TestKernel.WokenWith(client));
        }

        [Fact]
        public void A_fast_round_allocates_nothing()
        {
            ulong outp = serverPage + 3 * 4096, answer = serverPage + 2 * 4096, resp = clientPage + 4096, result = clientPage + 3 * 4096;
            ulong args = tk.PutStruct(child, new IpcCallArgs(ch, clientPage, 64, resp, 64, Abi.WaitForever, Capability.Null, bAtClient));
            var receive = SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(serverPage, 256), Abi.WaitForever, a.Cap, new UserOutPtr<IpcReceiveResult>(outp));
            var call = SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(result));
            void Round()
            {
                var r = receive;
                var c = call;
                if (SyscallDispatcher.Dispatch(tk.K, server, ref r) != SyscallOutcome.Blocked
                    || SyscallDispatcher.Dispatch(tk.K, client, ref c) != SyscallOutcome.Blocked
                    || server.ReturnValue != SyscallReturn.Ok(64)
                    || UserMemory.Read(server.Process.Memory, outp, out IpcReceiveResult got) != SyscallError.Success)
                    throw new InvalidOperationException("fast call failed");
                var reply = SyscallFrames.IpcReply(got.ReplyToken, new UserBuffer(answer, 8), Capability.Null);
                if (SyscallDispatcher.Dispatch(tk.K, server, ref reply) != SyscallOutcome.Completed || client.ReturnValue != SyscallReturn.Ok(8))
                    throw new InvalidOperationException("fast reply failed");
            }
            AllocationTests.AssertAllocatesNothing(Round);
            Assert.Equal(10_100UL, Fast.Calls);
            Assert.Equal(10_100UL, Fast.Replies);
        }
    }
}
