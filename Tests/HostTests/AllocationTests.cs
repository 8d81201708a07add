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
        [Fact]
        public void Validate_send_and_receive_allocate_nothing()
        {
            var tk = new TestKernel();
            var server = tk.InitThread;
            var a = tk.NewEndpoint(server);
            var b = tk.NewEndpoint(server);
            var ch = tk.NewChannel(server, a, b);
            var (_, client) = tk.Spawn(server, b.Cap);
            Capability bAtClient = tk.Granted(client)[0];
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

            for (int i = 0; i < 100; i++)
                Round();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
                Round();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
