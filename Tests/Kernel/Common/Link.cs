using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Two endpoints and the channel between them, made by a parent (docs/abi.md section 9):
    /// the parent keeps "Here", grants the capability of "There" to a helper process and tells
    /// it There's EndpointId and the ChannelId as decimal args. Either side sends through the
    /// channel with its own endpoint capability; the message arrives at the other end.
    /// </summary>
    public unsafe struct Link
    {
        public EndpointId Here;
        public Capability HereCap;
        public EndpointId There;
        public Capability ThereCap;
        public ChannelId Channel;

        public static Link Create()
        {
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            Ok(ra, "endpoint create (parent end)");
            Ok(rb, "endpoint create (helper end)");
            EndpointCreateResult a = ra.Value, b = rb.Value;
            var link = new Link { Here = a.Endpoint, HereCap = a.Capability, There = b.Endpoint, ThereCap = b.Capability };
            SysResult<ChannelId> channel = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability);
            Ok(channel, "channel create");
            link.Channel = channel.Value;
            return link;
        }

        /// <summary>The args a helper needs: [there endpoint id, channel id].</summary>
        public string[] HelperArgs() => new[] { Decimal(There.Raw), Decimal(Channel.Raw) };

        /// <summary>In the helper: its end, from args[3], args[4] and the capability granted at slot 2.</summary>
        public static Link InHelper()
        {
            return new Link
            {
                Here = new EndpointId(ArgNumber(3)),
                HereCap = Process.GrantedCapability(2),
                Channel = new ChannelId(ArgNumber(4)),
            };
        }

        public SysResult Send(byte* message, ulong length, Capability capability)
            => Sys.IpcSend(Channel, new System.ReadOnlySpan<byte>(message, (int)length), capability, HereCap);

        /// <summary>SYS_IPC_RECEIVE on this end; Value = the message length, *result = the out-struct.</summary>
        public SysResult Receive(byte* buffer, ulong length, ulong timeoutNs, IpcReceiveResult* result)
        {
            SysResult<IpcReceiveResult> r = Sys.IpcReceive(Here, new System.Span<byte>(buffer, (int)length), timeoutNs, HereCap);
            *result = r.Value;
            return r.Status;
        }

        /// <summary>SYS_IPC_CALL through this end; Value = the response length, *result = the out-struct.</summary>
        public SysResult Call(byte* request, ulong requestLength, byte* response, ulong responseLength, ulong timeoutNs,
            IpcCallResult* result)
        {
            SysResult<IpcCallResult> r = Sys.IpcCall(Channel, new System.ReadOnlySpan<byte>(request, (int)requestLength),
                new System.Span<byte>(response, (int)responseLength), timeoutNs, Capability.Null, HereCap);
            *result = r.Value;
            return r.Status;
        }

        /// <summary>Sends one byte (a protocol step) with an optional capability.</summary>
        public SysResult SendByte(byte value, Capability capability)
        {
            byte b = value;
            return Send(&b, 1, capability);
        }

        /// <summary>Receives a one-byte message (waiting up to 10 s); returns it, or 0xFF on failure.</summary>
        public byte ReceiveByte(out IpcReceiveResult result)
        {
            byte b = 0;
            IpcReceiveResult r = default;
            SysResult got = Receive(&b, 1, 10UL * 1_000_000_000, &r);
            result = r;
            return got.IsOk && got.Value == 1 ? b : (byte)0xFF;
        }
    }
}
