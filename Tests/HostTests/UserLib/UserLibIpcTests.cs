using System.Text;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>UserLib's generated wrappers against the real dispatcher: IPC.</summary>
    public class UserLibIpcTests
    {
        private readonly TestKernel tk = new TestKernel();
        private readonly EndpointCreateResult a;
        private readonly EndpointCreateResult b;
        private readonly ChannelId channel;

        public UserLibIpcTests()
        {
            tk.User(tk.InitThread);
            a = Sys.IpcEndpointCreate().Value;
            b = Sys.IpcEndpointCreate().Value;
            SysResult<ChannelId> c = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability);
            Assert.True(c.IsOk);
            channel = c.Value;
        }

        [Fact]
        public void Endpoint_create_returns_id_and_capability()
        {
            SysResult<EndpointCreateResult> e = Sys.IpcEndpointCreate();
            Assert.True(e.IsOk);
            Assert.False(e.Value.Endpoint.IsNone);
            Assert.Equal(e.Value.Endpoint.Raw, e.Status.Value);
            Assert.Equal(ObjectType.Endpoint, e.Value.Capability.Type);
            Assert.True(Sys.CapabilityValidate(e.Value.Capability, Rights.Read.Union(Rights.Write)).IsOk);
        }

        [Fact]
        public void Send_then_receive()
        {
            byte[] hello = Encoding.ASCII.GetBytes("hello");
            Assert.True(Sys.IpcSend(channel, hello, Capability.Null, b.Capability).IsOk);
            var buffer = new byte[64];
            SysResult<IpcReceiveResult> r = Sys.IpcReceive(a.Endpoint, buffer, Abi.NoWait, a.Capability);
            Assert.True(r.IsOk);
            Assert.Equal(5UL, r.Status.Value);
            Assert.Equal(5UL, r.Value.MessageLength);
            Assert.Equal(tk.Init.Id.Raw, r.Value.Sender.Raw);
            Assert.True(r.Value.Capability.IsNull);
            Assert.True(r.Value.ReplyToken.IsNone);
            Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, 5));
        }

        [Fact]
        public void A_small_buffer_gets_the_needed_size_and_the_message_stays()
        {
            Assert.True(Sys.IpcSend(channel, new byte[10], Capability.Null, b.Capability).IsOk);
            SysResult<IpcReceiveResult> small = Sys.IpcReceive(a.Endpoint, new byte[4], Abi.NoWait, a.Capability);
            Assert.Equal(SyscallError.BufferTooSmall, small.Error);
            Assert.Equal(10UL, small.Value.MessageLength);
            Assert.Equal(10UL, Sys.IpcReceive(a.Endpoint, new byte[16], Abi.NoWait, a.Capability).Value.MessageLength);
        }

        [Fact]
        public void Capabilities_travel_with_messages()
        {
            Assert.True(Sys.IpcSend(channel, new byte[1], tk.ConsoleCap, b.Capability).IsOk);
            SysResult<IpcReceiveResult> r = Sys.IpcReceive(a.Endpoint, new byte[1], Abi.NoWait, a.Capability);
            Assert.True(r.IsOk);
            Assert.False(r.Value.Capability.IsNull);
            Assert.False(r.Value.Capability.SameAs(tk.ConsoleCap));
            Assert.True(Sys.CapabilityValidate(r.Value.Capability, Rights.Write).IsOk);
        }

        [Fact]
        public void Ipc_errors()
        {
            Assert.Equal(SyscallError.Timeout, Sys.IpcReceive(a.Endpoint, new byte[4], Abi.NoWait, a.Capability).Error);
            Assert.Equal(SyscallError.NotFound, Sys.IpcReceive(a.Endpoint, new byte[4], Abi.NoWait, b.Capability).Error);   // the id must be the capability's endpoint (docs/abi.md §4)
            Assert.Equal(SyscallError.NotFound, Sys.IpcReceive(new EndpointId(0x7_0001), new byte[4], Abi.NoWait, a.Capability).Error);
            Assert.Equal(SyscallError.AlreadyExists, Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.IpcChannelCreate(a.Endpoint, a.Endpoint, a.Capability, a.Capability).Error);
            Assert.Equal(SyscallError.NotFound, Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, b.Capability, a.Capability).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.IpcSend(channel, new byte[Abi.MaxMessageSize + 1], Capability.Null, b.Capability).Error);
            Assert.Equal(SyscallError.NotFound, Sys.IpcSend(new ChannelId(0x5_0009), new byte[1], Capability.Null, b.Capability).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.IpcSend(channel, new byte[1], Capability.Null, Capability.Null).Error);
            Assert.Equal(SyscallError.NotFound, Sys.IpcReply(new ReplyToken(0x3_0001), new byte[1], Capability.Null).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.IpcCall(channel, new byte[1], new byte[1], Abi.NoWait, Capability.Null, b.Capability).Error);
        }

        [Fact]
        public void Call_blocks_until_the_reply()
        {
            Thread server = tk.InitThread;
            var (_, client) = tk.Spawn(server, b.Capability);
            Capability bAtClient = tk.Granted(client)[0];
            tk.UserBlocks(client, () => Sys.IpcCall(channel, Encoding.ASCII.GetBytes("ping"), new byte[16], Abi.WaitForever, Capability.Null, bAtClient));

            tk.User(server);
            var request = new byte[16];
            SysResult<IpcReceiveResult> r = Sys.IpcReceive(a.Endpoint, request, Abi.NoWait, a.Capability);
            Assert.True(r.IsOk);
            Assert.Equal("ping", Encoding.ASCII.GetString(request, 0, (int)r.Value.MessageLength));
            Assert.False(r.Value.ReplyToken.IsNone);
            Assert.Equal(client.Process.Id.Raw, r.Value.Sender.Raw);

            Assert.True(Sys.IpcReply(r.Value.ReplyToken, Encoding.ASCII.GetBytes("pong!"), Capability.Null).IsOk);
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(client));
            Assert.Equal(5UL, SyscallReturn.GetValue(client.ReturnValue));
            Assert.Equal(SyscallError.NotFound, Sys.IpcReply(r.Value.ReplyToken, new byte[1], Capability.Null).Error);
        }
    }
}
