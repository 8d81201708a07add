using System;
using System.Linq;
using Veridian.Kernel;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class IpcTests
    {
        private readonly TestKernel tk;
        private readonly Thread server;            // init
        private readonly (EndpointId Id, Capability Cap) a; // init's endpoint
        private readonly (EndpointId Id, Capability Cap) b; // child's end, as init holds it
        private readonly Process child;
        private readonly Thread client;            // child's main thread
        private readonly (EndpointId Id, Capability Cap) bChild;
        private readonly ChannelId ch;

        public IpcTests() : this(null)
        {
        }

        private IpcTests(KernelConfig? cfg)
        {
            tk = new TestKernel(cfg);
            ServerAndClient sc = tk.ServerAndClient();
            (server, a, b, ch, child, client) = (sc.Server, sc.A, sc.B, sc.Channel, sc.Child, sc.Client);
            bChild = (b.Id, sc.BAtClient);
        }

        private static byte[] Bytes(int n, int seed = 1) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + seed)).ToArray();

        [Fact]
        public void Send_then_receive_delivers_bytes_and_sender()
        {
            Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, Bytes(10)));
            var (e, data, res) = tk.Receive(server, a);
            Assert.Equal(SyscallError.Success, e);
            Assert.Equal(Bytes(10), data);
            Assert.Equal(child.Id.Raw, res.Sender.Raw);
            Assert.Equal(10UL, res.MessageLength);
            Assert.True(res.Capability.IsNull);
            Assert.True(res.ReplyToken.IsNone);
        }

        [Fact]
        public void Channels_are_two_way()
        {
            Assert.Equal(SyscallError.Success, tk.Send(server, ch, a.Cap, Bytes(3)));
            var (e, data, _) = tk.Receive(client, bChild);
            Assert.Equal(SyscallError.Success, e);
            Assert.Equal(Bytes(3), data);
        }

        [Fact]
        public void Messages_arrive_in_order_and_exactly_once()
        {
            for (int i = 0; i < 5; i++)
                Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, new[] { (byte)i }));
            for (int i = 0; i < 5; i++)
                Assert.Equal(new[] { (byte)i }, tk.Receive(server, a).Data);
            Assert.Equal(SyscallError.Timeout, tk.Receive(server, a).Error);
        }

        [Fact]
        public void Max_size_message_is_4096_bytes()
        {
            Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, Bytes(4096)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Send(client, ch, bChild.Cap, Bytes(4097)));
            Assert.Equal(Bytes(4096), tk.Receive(server, a).Data);
        }

        [Fact]
        public void Zero_length_message_may_have_a_null_pointer()
        {
            Assert.Equal(0UL, tk.Ok(client, SyscallFrames.IpcSend(ch, new UserBuffer(0, 0), default(Capability), bChild.Cap)));
            var r = tk.Receive(server, a, bufferLength: 0);
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal(0UL, r.Result.MessageLength);
        }

        [Fact]
        public void Full_queue_is_busy_and_loses_nothing()
        {
            int depth = tk.K.Config.EndpointQueueDepth;
            for (int i = 0; i < depth; i++)
                Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, new[] { (byte)i }));
            Assert.Equal(SyscallError.Busy, tk.Send(client, ch, bChild.Cap, new byte[] { 0xFF }));
            for (int i = 0; i < depth; i++)
                Assert.Equal(new[] { (byte)i }, tk.Receive(server, a).Data);
            Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, new byte[] { 0xEE }));
        }

        [Fact]
        public void Too_small_buffer_reports_the_size_and_keeps_the_message()
        {
            tk.Send(client, ch, bChild.Cap, Bytes(100));
            var small = tk.Receive(server, a, bufferLength: 10);
            Assert.Equal(SyscallError.BufferTooSmall, small.Error);
            Assert.Equal(100UL, small.Result.MessageLength);
            var big = tk.Receive(server, a, bufferLength: 100);
            Assert.Equal(SyscallError.Success, big.Error);
            Assert.Equal(Bytes(100), big.Data);
        }

        [Fact]
        public void Blocking_receive_is_woken_by_a_send()
        {
            ulong buf = tk.Reserve(server.Process, 64);
            ulong outp = tk.Reserve(server.Process, 32);
            tk.Blocks(server, SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buf, 64), Abi.WaitForever, a.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, Bytes(5)));
            Assert.Equal(ThreadState.Ready, server.State);
            Assert.Equal(SyscallReturn.Ok(5), server.ReturnValue);
            Assert.Equal(Bytes(5), tk.Peek(server.Process, buf, 5));
            Assert.Equal(5UL, tk.PeekStruct<IpcReceiveResult>(server.Process, outp).MessageLength);
        }

        [Fact]
        public void Blocked_receiver_with_a_small_buffer_gets_buffer_too_small_and_the_message_stays()
        {
            ulong buf = tk.Reserve(server.Process, 4);
            ulong outp = tk.Reserve(server.Process, 32);
            tk.Blocks(server, SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buf, 4), Abi.WaitForever, a.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            tk.Send(client, ch, bChild.Cap, Bytes(50));
            Assert.Equal(SyscallError.BufferTooSmall, TestKernel.WokenWith(server));
            Assert.Equal(50UL, tk.PeekStruct<IpcReceiveResult>(server.Process, outp).MessageLength);
            Assert.Equal(Bytes(50), tk.Receive(server, a).Data);
        }

        [Fact]
        public void Receive_timeout_is_deterministic()
        {
            ulong buf = tk.Reserve(server.Process, 64);
            ulong outp = tk.Reserve(server.Process, 32);
            tk.Blocks(server, SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buf, 64), 1000, a.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            tk.K.AdvanceTime(999);
            Assert.Equal(ThreadState.Blocked, server.State);
            tk.K.AdvanceTime(1);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(server));
            // No longer registered: a later send stays queued for the next receive.
            tk.Send(client, ch, bChild.Cap, Bytes(2));
            Assert.Equal(Bytes(2), tk.Receive(server, a).Data);
        }

        [Fact]
        public void Receive_with_timeout_zero_polls()
        {
            Assert.Equal(SyscallError.Timeout, tk.Receive(server, a, timeout: 0).Error);
        }

        [Fact]
        public void Receive_checks_ids_capabilities_rights_and_pointers()
        {
            ulong buf = tk.Reserve(server.Process, 64);
            ulong outp = tk.Reserve(server.Process, 32);
            SyscallError R(ulong id, ulong bufp, ulong len, ulong cap, ulong o)
                => tk.Err(server, SyscallFrames.IpcReceive(new EndpointId(id), new UserOutBuffer(bufp, len), 0, new Capability(cap), new UserOutPtr<IpcReceiveResult>(o)));

            Assert.Equal(SyscallError.NotFound, R(EndpointId.Make(a.Id.Index, a.Id.Generation + 1).Raw, buf, 64, a.Cap.Raw, outp));
            Assert.Equal(SyscallError.NotFound, R(0xFFFF, buf, 64, a.Cap.Raw, outp));
            Assert.Equal(SyscallError.InvalidCapability, R(a.Id.Raw, buf, 64, 0, outp));
            Assert.Equal(SyscallError.InvalidCapability, R(a.Id.Raw, buf, 64, tk.ConsoleCap.Raw, outp));
            Assert.Equal(SyscallError.NotFound, R(a.Id.Raw, buf, 64, b.Cap.Raw, outp));
            ulong writeOnly = tk.Ok(server, SyscallFrames.CapabilityDerive(a.Cap, Rights.Write));
            Assert.Equal(SyscallError.PermissionDenied, R(a.Id.Raw, buf, 64, writeOnly, outp));
            Assert.Equal(SyscallError.InvalidAddress, R(a.Id.Raw, 0, 64, a.Cap.Raw, outp));
            Assert.Equal(SyscallError.InvalidAddress, R(a.Id.Raw, 0xFFFF_8000_0000_0000, 64, a.Cap.Raw, outp));
            Assert.Equal(SyscallError.InvalidAddress, R(a.Id.Raw, buf, ulong.MaxValue, a.Cap.Raw, outp));
            Assert.Equal(SyscallError.InvalidAddress, R(a.Id.Raw, buf, 64, a.Cap.Raw, 0));
            Assert.Equal(SyscallError.InvalidAddress, R(a.Id.Raw, buf, 64, a.Cap.Raw, 0x7FFF_0000));
        }

        [Fact]
        public void Receive_into_unmapped_buffer_keeps_the_message()
        {
            tk.Send(client, ch, bChild.Cap, Bytes(8));
            ulong outp = tk.Reserve(server.Process, 32);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(0x5000_0000, 64), 0, a.Cap, new UserOutPtr<IpcReceiveResult>(outp))));
            Assert.Equal(Bytes(8), tk.Receive(server, a).Data);
        }

        [Fact]
        public void Send_checks_channel_capability_rights_and_pointers()
        {
            ulong msg = tk.Put(client.Process, Bytes(8));
            SyscallError S(Thread t, ulong chan, ulong m, ulong len, ulong cap)
                => tk.Err(t, SyscallFrames.IpcSend(new ChannelId(chan), new UserBuffer(m, len), default(Capability), new Capability(cap)));

            Assert.Equal(SyscallError.NotFound, S(client, ChannelId.Make(ch.Index, ch.Generation + 1).Raw, msg, 8, bChild.Cap.Raw));
            Assert.Equal(SyscallError.InvalidCapability, S(client, ch.Raw, msg, 8, 0));
            Assert.Equal(SyscallError.InvalidCapability, S(client, ch.Raw, msg, 8, a.Cap.Raw + 1));
            ulong readOnly = tk.Ok(client, SyscallFrames.CapabilityDerive(bChild.Cap, Rights.Read));
            Assert.Equal(SyscallError.PermissionDenied, S(client, ch.Raw, msg, 8, readOnly));
            var other = tk.NewEndpoint(server);
            Assert.Equal(SyscallError.NotFound, S(server, ch.Raw, tk.Put(server.Process, Bytes(8)), 8, other.Cap.Raw));
            Assert.Equal(SyscallError.InvalidAddress, S(client, ch.Raw, 0, 8, bChild.Cap.Raw));
            Assert.Equal(SyscallError.InvalidAddress, S(client, ch.Raw, 0xFFFF_FFFF_FFFF_F000, 8, bChild.Cap.Raw));
            Assert.Equal(SyscallError.InvalidAddress, S(client, ch.Raw, 0x6000_0000, 8, bChild.Cap.Raw));
            Assert.Equal(SyscallError.InvalidParameter, S(client, ch.Raw, msg, ulong.MaxValue, bChild.Cap.Raw));
            Assert.Equal(SyscallError.Timeout, tk.Receive(server, a).Error);
        }

        [Fact]
        public void Capability_transfer_needs_grant_and_arrives_usable()
        {
            Capability noGrant = new Capability(tk.Ok(client, SyscallFrames.CapabilityDerive(bChild.Cap, new Rights(Rights.ReadBit | Rights.DeriveBit))));
            Assert.Equal(SyscallError.PermissionDenied, tk.Send(client, ch, bChild.Cap, Bytes(1), noGrant));
            Assert.Equal(SyscallError.InvalidCapability, tk.Send(client, ch, bChild.Cap, Bytes(1), new Capability(0x1234_0000_0001)));

            Capability mem = tk.NewMemory(server, 4096, Rights.ReadBit | Rights.GrantBit);
            Assert.Equal(SyscallError.Success, tk.Send(server, ch, a.Cap, Bytes(1), mem));
            var r = tk.Receive(client, bChild);
            Assert.Equal(ObjectType.Memory, r.Result.Capability.Type);
            Assert.Equal(SyscallError.Success, SyscallReturn.GetError(tk.Raw(client, SyscallFrames.CapabilityValidate(r.Result.Capability, Rights.Read))));
            Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(tk.Raw(client, SyscallFrames.CapabilityValidate(r.Result.Capability, Rights.Write))));
            // The sender keeps its own; revoking it takes the receiver's copy.
            tk.Ok(server, SyscallFrames.CapabilityRevoke(mem));
            Assert.Equal(SyscallError.InvalidCapability, SyscallReturn.GetError(tk.Raw(client, SyscallFrames.CapabilityValidate(r.Result.Capability, new Rights(0)))));
            Assert.Equal(0, tk.K.LiveMemoryObjectCount);
        }

        [Fact]
        public void Capability_revoked_in_flight_arrives_as_none_but_the_message_arrives()
        {
            Capability mem = tk.NewMemory(server, 4096, Rights.ReadBit | Rights.GrantBit);
            tk.Send(server, ch, a.Cap, Bytes(3), mem);
            tk.Ok(server, SyscallFrames.CapabilityRevoke(mem));
            var r = tk.Receive(client, bChild);
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal(Bytes(3), r.Data);
            Assert.True(r.Result.Capability.IsNull);
        }

        [Fact]
        public void Closed_endpoint_is_not_found_for_senders_and_blocked_receivers()
        {
            // The client blocks on b; init revokes its root capability to b: every capability to b goes.
            ulong buf = tk.Reserve(child, 16);
            ulong outp = tk.Reserve(child, 32);
            tk.Blocks(client, SyscallFrames.IpcReceive(b.Id, new UserOutBuffer(buf, 16), Abi.WaitForever, bChild.Cap, new UserOutPtr<IpcReceiveResult>(outp)));
            tk.Ok(server, SyscallFrames.CapabilityRevoke(b.Cap));
            Assert.Equal(SyscallError.NotFound, TestKernel.WokenWith(client));
            Assert.Equal(SyscallError.NotFound, tk.Send(server, ch, a.Cap, Bytes(1)));
            Assert.Equal(0, tk.K.LiveChannelCount);
            Assert.Equal(1, tk.K.LiveEndpointCount);
        }

        [Fact]
        public void Dead_peer_is_interrupted()
        {
            // The child makes its own endpoint and hands it to init over the existing channel.
            var c = tk.NewEndpoint(client);
            Assert.Equal(SyscallError.Success, tk.Send(client, ch, bChild.Cap, Bytes(1), c.Cap));
            var got = tk.Receive(server, a);
            var cAtInit = (c.Id, got.Result.Capability);
            var ch2 = tk.NewChannel(server, a, cAtInit);
            tk.Send(server, ch2, a.Cap, Bytes(1));
            tk.Exits(client, SyscallFrames.Exit(0));
            Assert.Equal(SyscallError.Interrupted, tk.Send(server, ch2, a.Cap, Bytes(1)));
            Assert.Equal(SyscallError.Interrupted, tk.Receive(server, cAtInit).Error);
        }

        [Fact]
        public void Endpoint_create_checks_the_out_pointer_and_the_pool()
        {
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(0))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(0xFFFF_8000_0000_1000))));
            ulong ro = tk.MapAnon(server, 4096, ProtectionFlags.Read);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(ro))));
            int live = tk.K.LiveEndpointCount;
            ulong outp = tk.Reserve(server.Process, 16);
            for (int i = live; i < tk.K.Config.MaxEndpoints; i++)
                tk.Ok(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(outp)));
            Assert.Equal(SyscallError.ResourceExhausted, tk.Err(server, SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(outp))));
        }

        [Fact]
        public void Channel_create_errors()
        {
            var x = tk.NewEndpoint(server);
            ulong C(ulong e1, ulong e2, ulong c1, ulong c2) => tk.Raw(server, SyscallFrames.IpcChannelCreate(new EndpointId(e1), new EndpointId(e2), new Capability(c1), new Capability(c2)));
            Assert.Equal(SyscallError.AlreadyExists, SyscallReturn.GetError(C(a.Id.Raw, b.Id.Raw, a.Cap.Raw, b.Cap.Raw)));
            Assert.Equal(SyscallError.AlreadyExists, SyscallReturn.GetError(C(b.Id.Raw, a.Id.Raw, b.Cap.Raw, a.Cap.Raw)));
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(C(x.Id.Raw, x.Id.Raw, x.Cap.Raw, x.Cap.Raw)));
            Assert.Equal(SyscallError.NotFound, SyscallReturn.GetError(C(a.Id.Raw, x.Id.Raw, x.Cap.Raw, a.Cap.Raw)));
            Assert.Equal(SyscallError.NotFound, SyscallReturn.GetError(C(0x7777, x.Id.Raw, a.Cap.Raw, x.Cap.Raw)));
            Assert.Equal(SyscallError.InvalidCapability, SyscallReturn.GetError(C(a.Id.Raw, x.Id.Raw, 0, x.Cap.Raw)));
            ulong ro = tk.Ok(server, SyscallFrames.CapabilityDerive(x.Cap, Rights.Read));
            Assert.Equal(SyscallError.PermissionDenied, SyscallReturn.GetError(C(a.Id.Raw, x.Id.Raw, a.Cap.Raw, ro)));
            Assert.False(SyscallReturn.IsError(C(a.Id.Raw, x.Id.Raw, a.Cap.Raw, x.Cap.Raw)));
        }

        [Fact]
        public void Channel_pool_exhaustion()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxChannels = 1;
            var t = new IpcTests(cfg);
            var x = t.tk.NewEndpoint(t.server);
            Assert.Equal(SyscallError.ResourceExhausted, t.tk.Err(t.server, SyscallFrames.IpcChannelCreate(t.a.Id, x.Id, t.a.Cap, x.Cap)));
        }

        [Fact]
        public void Message_pool_exhaustion_is_resource_exhausted()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxMessages = 2;
            var t = new IpcTests(cfg);
            // Sent by init, whose quota is the whole pool (a child's share would run out first).
            Assert.Equal(SyscallError.Success, t.tk.Send(t.server, t.ch, t.a.Cap, Bytes(1)));
            Assert.Equal(SyscallError.Success, t.tk.Send(t.server, t.ch, t.a.Cap, Bytes(1)));
            Assert.Equal(SyscallError.ResourceExhausted, t.tk.Send(t.server, t.ch, t.a.Cap, Bytes(1)));
        }

        // ---- call / reply ----

        private (ulong Args, ulong Result, ulong Response) PrepareCall(Thread t, ChannelId chan, Capability endCap, byte[] request,
            ulong responseLength = 256, ulong timeout = Abi.WaitForever, Capability transfer = default)
        {
            ulong req = tk.Put(t.Process, request);
            ulong resp = tk.Reserve(t.Process, Math.Max(responseLength, 1));
            ulong result = tk.Reserve(t.Process, 24);
            ulong args = tk.PutStruct(t.Process, new IpcCallArgs(chan, req, (ulong)request.Length, resp, responseLength, timeout, transfer, endCap));
            return (args, result, resp);
        }

        private IpcReceiveResult ServerReceives(byte[] expected)
        {
            var r = tk.Receive(server, a);
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal(expected, r.Data);
            Assert.False(r.Result.ReplyToken.IsNone);
            return r.Result;
        }

        private SyscallError Reply(Thread t, ReplyToken token, byte[] response, Capability transfer = default)
        {
            ulong p = response.Length == 0 ? 0 : tk.Put(t.Process, response);
            return SyscallReturn.GetError(tk.Raw(t, SyscallFrames.IpcReply(token, new UserBuffer(p, (ulong)response.Length), transfer)));
        }

        [Fact]
        public void Call_and_reply_round_trip()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(12));
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(12));
            Assert.Equal(child.Id.Raw, req.Sender.Raw);
            Assert.Equal(SyscallError.Success, Reply(server, req.ReplyToken, Bytes(20, 9)));
            Assert.Equal(SyscallReturn.Ok(20), client.ReturnValue);
            Assert.Equal(Bytes(20, 9), tk.Peek(child, c.Response, 20));
            var result = tk.PeekStruct<IpcCallResult>(child, c.Result);
            Assert.Equal(20UL, result.ResponseLength);
            Assert.Equal(server.Process.Id.Raw, result.Responder.Raw);
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void Reply_tokens_are_one_shot()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1));
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(1));
            Assert.Equal(SyscallError.Success, Reply(server, req.ReplyToken, Bytes(1)));
            Assert.Equal(SyscallError.NotFound, Reply(server, req.ReplyToken, Bytes(1)));
            Assert.Equal(SyscallError.NotFound, Reply(server, new ReplyToken(0x1_0005), Bytes(1)));
        }

        [Fact]
        public void Reply_from_another_process_is_not_found()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1));
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(1));
            var (_, other) = tk.Spawn();
            Assert.Equal(SyscallError.NotFound, Reply(other, req.ReplyToken, Bytes(1)));
            Assert.Equal(SyscallError.Success, Reply(server, req.ReplyToken, Bytes(1)));
        }

        [Fact]
        public void Reply_larger_than_the_callers_buffer_is_refused_and_the_token_survives()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1), responseLength: 8);
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(1));
            Assert.Equal(SyscallError.BufferTooSmall, Reply(server, req.ReplyToken, Bytes(9)));
            Assert.Equal(ThreadState.Blocked, client.State);
            Assert.Equal(SyscallError.InvalidParameter, Reply(server, req.ReplyToken, Bytes(4097)));
            Assert.Equal(SyscallError.Success, Reply(server, req.ReplyToken, Bytes(8)));
            Assert.Equal(SyscallReturn.Ok(8), client.ReturnValue);
        }

        [Fact]
        public void Call_timeout_then_late_reply_is_interrupted()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1), timeout: 500);
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(1));
            tk.K.AdvanceTime(500);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(client));
            Assert.Equal(SyscallError.Interrupted, Reply(server, req.ReplyToken, Bytes(1)));
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void Server_death_interrupts_the_caller()
        {
            // The child serves on its own endpoint this time; init calls it.
            var c = tk.NewEndpoint(client);
            tk.Send(client, ch, bChild.Cap, Bytes(1), c.Cap);
            var cAtInit = (c.Id, tk.Receive(server, a).Result.Capability);
            var ch2 = tk.NewChannel(server, a, cAtInit);
            var call = PrepareCall(server, ch2, a.Cap, Bytes(4));
            tk.Blocks(server, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(call.Args), new UserOutPtr<IpcCallResult>(call.Result)));
            var r = tk.Receive(client, c);
            Assert.False(r.Result.ReplyToken.IsNone);
            tk.Exits(client, SyscallFrames.Exit(3));
            Assert.Equal(SyscallError.Interrupted, TestKernel.WokenWith(server));
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void Queued_call_to_a_closed_endpoint_fails_not_found()
        {
            Thread helper = tk.NewThread(server);
            var call = PrepareCall(server, ch, a.Cap, Bytes(4));
            tk.Blocks(server, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(call.Args), new UserOutPtr<IpcCallResult>(call.Result)));
            tk.Ok(helper, SyscallFrames.CapabilityRevoke(b.Cap));
            Assert.Equal(SyscallError.NotFound, TestKernel.WokenWith(server));
            Assert.Equal(0, tk.K.LiveReplyCount);
        }

        [Fact]
        public void Call_argument_errors()
        {
            var c0 = PrepareCall(client, ch, bChild.Cap, Bytes(1), timeout: 0);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c0.Args), new UserOutPtr<IpcCallResult>(c0.Result))));
            var big = PrepareCall(client, ch, bChild.Cap, Bytes(1), responseLength: 5000);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(big.Args), new UserOutPtr<IpcCallResult>(big.Result))));
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(0), new UserOutPtr<IpcCallResult>(c.Result))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(0xFFFF_8000_0000_0000), new UserOutPtr<IpcCallResult>(c.Result))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(0))));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(0x0000_8000_0000_0000))));
            var badCap = PrepareCall(client, ch, Capability.Null, Bytes(1));
            Assert.Equal(SyscallError.InvalidCapability, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(badCap.Args), new UserOutPtr<IpcCallResult>(badCap.Result))));
            var badChan = PrepareCall(client, new ChannelId(0x9999), bChild.Cap, Bytes(1));
            Assert.Equal(SyscallError.NotFound, tk.Err(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(badChan.Args), new UserOutPtr<IpcCallResult>(badChan.Result))));
            Assert.Equal(0, tk.K.LiveReplyCount);
            Assert.Equal(SyscallError.Timeout, tk.Receive(server, a).Error);
        }

        [Fact]
        public void Reply_pool_exhaustion_is_resource_exhausted()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxReplies = 1;
            var t = new IpcTests(cfg);
            var first = t.PrepareCall(t.client, t.ch, t.bChild.Cap, Bytes(1));
            t.tk.Blocks(t.client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(first.Args), new UserOutPtr<IpcCallResult>(first.Result)));
            var second = t.PrepareCall(t.server, t.ch, t.a.Cap, Bytes(1));
            Assert.Equal(SyscallError.ResourceExhausted, t.tk.Err(t.server, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(second.Args), new UserOutPtr<IpcCallResult>(second.Result))));
        }

        [Fact]
        public void Reply_can_transfer_a_capability()
        {
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(1));
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(1));
            Capability mem = tk.NewMemory(server, 4096, Rights.ReadBit);
            Assert.Equal(SyscallError.PermissionDenied, Reply(server, req.ReplyToken, Bytes(1), mem));
            Capability grantable = tk.NewMemory(server, 4096, Rights.ReadBit | Rights.GrantBit);
            Assert.Equal(SyscallError.Success, Reply(server, req.ReplyToken, Bytes(1), grantable));
            var result = tk.PeekStruct<IpcCallResult>(child, c.Result);
            Assert.Equal(ObjectType.Memory, result.Capability.Type);
            Assert.Equal(0UL, SyscallReturn.GetValue(tk.Raw(client, SyscallFrames.CapabilityValidate(result.Capability, Rights.Read))));
        }

        [Fact]
        public void Call_transfers_a_capability_to_the_server()
        {
            Capability mem = tk.NewMemory(server, 4096, Rights.ReadBit | Rights.GrantBit);
            tk.Send(server, ch, a.Cap, Bytes(1), mem);
            Capability clientMem = tk.Receive(client, bChild).Result.Capability;
            var c = PrepareCall(client, ch, bChild.Cap, Bytes(2), transfer: clientMem);
            tk.Blocks(client, SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(c.Args), new UserOutPtr<IpcCallResult>(c.Result)));
            var req = ServerReceives(Bytes(2));
            Assert.Equal(ObjectType.Memory, req.Capability.Type);
        }
    }
}
