using System;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// The hot paths allocate nothing, in the test build too (the benchmark project measures
    /// the same in Release): capability lookup, validate, and IPC send + receive.
    /// </summary>
    public class AllocationTests
    {
        /// <summary>Warms <paramref name="round"/> up, then runs it 10,000 times and checks nothing was allocated (the delegate is made before counting).</summary>
        internal static void AssertAllocatesNothing(Action round)
        {
            for (int i = 0; i < 100; i++)
                round();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
                round();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        /// <summary>Init serves endpoint a; a child holds b's capability and sends or calls through the channel to a.</summary>
        private static (TestKernel Tk, Veridian.Kernel.Tasks.Thread Server, (EndpointId Id, Capability Cap) A, ChannelId Ch,
            Veridian.Kernel.Tasks.Thread Client, Capability BAtClient) ServerAndClient()
        {
            var tk = new TestKernel();
            ServerAndClient sc = tk.ServerAndClient();
            return (tk, sc.Server, sc.A, sc.Channel, sc.Client, sc.BAtClient);
        }

        [Fact]
        public void Validate_send_and_receive_allocate_nothing()
        {
            var (tk, server, a, ch, client, bAtClient) = ServerAndClient();
            ulong msg = tk.Put(client.Process, new byte[64]);
            ulong buf = tk.Reserve(server.Process, 4096);
            ulong outp = tk.Reserve(server.Process, 32);
            var validate = SyscallFrames.CapabilityValidate(tk.ConsoleCap, Rights.Write);
            var send = SyscallFrames.IpcSend(ch, new UserBuffer(msg, 64), Capability.Null, bAtClient);
            var receive = SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buf, 4096), 0, a.Cap, new UserOutPtr<IpcReceiveResult>(outp));
            var space = tk.Init.Capabilities;
            Capability console = tk.ConsoleCap;

            void Round()
            {
                space.Lookup(console, ObjectType.Console, Rights.Write, out int _);
                var v = validate;
                SyscallDispatcher.Dispatch(tk.K, server, ref v);
                var s = send;
                SyscallDispatcher.Dispatch(tk.K, client, ref s);
                var r = receive;
                SyscallDispatcher.Dispatch(tk.K, server, ref r);
                if (SyscallReturn.GetValue(r.Return) != 64 || SyscallReturn.IsError(v.Return))
                    throw new InvalidOperationException("hot path failed");
            }

            AssertAllocatesNothing(Round);
        }

        /// <summary>
        /// Blocking allocates nothing either: each wait is one of the objects its service made
        /// per thread slot at boot (docs/waits.md). A receive that blocks and is completed by a
        /// send, and a call that blocks until its reply, round after round.
        /// </summary>
        [Fact]
        public void Blocking_receive_and_call_reply_allocate_nothing()
        {
            var (tk, server, a, ch, client, bAtClient) = ServerAndClient();
            ulong msg = tk.Put(client.Process, new byte[64]);
            ulong response = tk.Reserve(client.Process, 64);
            ulong callResult = tk.Reserve(client.Process, 24);
            ulong args = tk.PutStruct(client.Process, new IpcCallArgs(ch, msg, 64, response, 64, Abi.WaitForever, Capability.Null, bAtClient));
            ulong buf = tk.Reserve(server.Process, 4096);
            ulong outp = tk.Reserve(server.Process, 32);
            ulong answer = tk.Put(server.Process, new byte[8]);
            var receive = SyscallFrames.IpcReceive(a.Id, new UserOutBuffer(buf, 4096), Abi.WaitForever, a.Cap, new UserOutPtr<IpcReceiveResult>(outp));
            var send = SyscallFrames.IpcSend(ch, new UserBuffer(msg, 64), Capability.Null, bAtClient);
            var call = SyscallFrames.IpcCall(new UserPtr<IpcCallArgs>(args), new UserOutPtr<IpcCallResult>(callResult));

            void Round()
            {
                var r = receive;
                var s = send;
                var c = call;
                if (SyscallDispatcher.Dispatch(tk.K, server, ref r) != SyscallOutcome.Blocked
                    || SyscallDispatcher.Dispatch(tk.K, client, ref s) != SyscallOutcome.Completed
                    || server.ReturnValue != SyscallReturn.Ok(64)
                    || SyscallDispatcher.Dispatch(tk.K, client, ref c) != SyscallOutcome.Blocked)
                    throw new InvalidOperationException("blocking receive failed");
                r = receive;
                if (SyscallDispatcher.Dispatch(tk.K, server, ref r) != SyscallOutcome.Completed
                    || Veridian.Kernel.Memory.UserMemory.Read(server.Process.Memory, outp, out IpcReceiveResult got) != SyscallError.Success)
                    throw new InvalidOperationException("receiving the call failed");
                var reply = SyscallFrames.IpcReply(got.ReplyToken, new UserBuffer(answer, 8), Capability.Null);
                if (SyscallDispatcher.Dispatch(tk.K, server, ref reply) != SyscallOutcome.Completed
                    || client.ReturnValue != SyscallReturn.Ok(8))
                    throw new InvalidOperationException("call/reply failed");
            }

            AssertAllocatesNothing(Round);
        }
    }
}
