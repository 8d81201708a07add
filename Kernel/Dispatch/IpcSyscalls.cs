using Veridian.Kernel.Caps;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_IPC_ENDPOINT_CREATE, CHANNEL_CREATE, SEND, RECEIVE, CALL, REPLY.</summary>
    public static class IpcSyscalls
    {
        private static readonly Rights EndpointRootRights =
            new Rights(Rights.ReadBit | Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit);

        /// <summary>endpoint_create(out EndpointCreateResult*) → EndpointId. The caller owns the endpoint.</summary>
        [SyscallHandler(SyscallNumber.IpcEndpointCreate)]
        public static SyscallResult EndpointCreate(KernelServices k, Thread caller, UserOutPtr<EndpointCreateResult> result)
        {
            Process p = caller.Process;
            SyscallError e = UserMemory.Probe(p.Memory, result.Address, result.Size, ProtectionFlags.Write);
            if (result.IsNull)
                e = SyscallError.InvalidAddress;
            if (e != SyscallError.Success)
                return e;
            if (p.Capabilities.IsFull)
                return SyscallError.ResourceExhausted;
            Endpoint ep = k.AllocateEndpoint(p);
            if (ep == null)
                return SyscallError.ResourceExhausted;
            k.Capabilities.Insert(p.CapabilitySpaceIndex, ep, EndpointRootRights, -1, out int slot);
            UserMemory.Write(p.Memory, result.Address, new EndpointCreateResult(ep.Id, p.Capabilities.TokenOf(slot)));
            return SyscallResult.Done(ep.Id.Raw);
        }

        /// <summary>
        /// channel_create(endpoint1, endpoint2, cap1, cap2) → ChannelId. Both capabilities must
        /// name their endpoints and carry Write; one channel per pair of endpoints.
        /// </summary>
        [SyscallHandler(SyscallNumber.IpcChannelCreate)]
        public static SyscallResult ChannelCreate(KernelServices k, Thread caller, EndpointId endpoint1, EndpointId endpoint2,
                                                  Capability cap1, Capability cap2)
        {
            Process p = caller.Process;
            SyscallError e = p.Capabilities.Lookup(cap1, ObjectType.Endpoint, Rights.Write, out int slot1);
            if (e != SyscallError.Success)
                return e;
            e = p.Capabilities.Lookup(cap2, ObjectType.Endpoint, Rights.Write, out int slot2);
            if (e != SyscallError.Success)
                return e;
            Endpoint ep1 = k.LookupEndpoint(endpoint1);
            Endpoint ep2 = k.LookupEndpoint(endpoint2);
            if (ep1 == null || ep2 == null)
                return SyscallError.NotFound;
            if (p.Capabilities.ObjectAt(slot1) != ep1 || p.Capabilities.ObjectAt(slot2) != ep2)
                return SyscallError.PermissionDenied;
            if (ep1 == ep2)
                return SyscallError.InvalidParameter;
            if (ep1.State != EndpointState.Open || ep2.State != EndpointState.Open)
                return SyscallError.Interrupted;
            for (int i = 0; i < k.Channels.Length; i++)
            {
                Channel c = k.Channels[i];
                if (c.Live && c.Peer(ep1) == ep2)
                    return SyscallError.AlreadyExists;
            }
            Channel ch = k.AllocateChannel();
            if (ch == null)
                return SyscallError.ResourceExhausted;
            ch.A = ep1;
            ch.B = ep2;
            return SyscallResult.Done(ch.Id.Raw);
        }

        /// <summary>send(channel, message, length, capability, channel_cap) → 0. Never blocks: a full queue is Busy.</summary>
        [SyscallHandler(SyscallNumber.IpcSend)]
        public static SyscallResult Send(KernelServices k, Thread caller, ChannelId channel, UserBuffer message,
                                         Capability capability, Capability channelCap)
        {
            SyscallError e = ResolveChannel(k, caller.Process, channel, channelCap, out Endpoint destination);
            if (e != SyscallError.Success)
                return e;
            return k.Ipc.Post(caller.Process, destination, message.Address, message.Length, capability, null, out ReplyObject _);
        }

        /// <summary>
        /// receive(endpoint, buffer, length, timeout_ns, endpoint_cap, out IpcReceiveResult*) →
        /// message length. Blocks (up to the timeout) while the queue is empty.
        /// </summary>
        [SyscallHandler(SyscallNumber.IpcReceive)]
        public static SyscallResult Receive(KernelServices k, Thread caller, EndpointId endpoint, UserOutBuffer destination,
                                            ulong timeout, Capability endpointCap, UserOutPtr<IpcReceiveResult> result)
        {
            Process p = caller.Process;
            Endpoint ep = k.LookupEndpoint(endpoint);
            if (ep == null)
                return SyscallError.NotFound;
            SyscallError e = p.Capabilities.Lookup(endpointCap, ObjectType.Endpoint, Rights.Read, out int slot);
            if (e != SyscallError.Success)
                return e;
            if (p.Capabilities.ObjectAt(slot) != ep)
                return SyscallError.PermissionDenied;
            ulong buffer = destination.Address;
            ulong length = destination.Length;
            ulong outPointer = result.Address;
            e = UserMemory.CheckRange(buffer, length);
            if (e != SyscallError.Success)
                return e;
            if (outPointer == 0)
                return SyscallError.InvalidAddress;
            e = UserMemory.Probe(p.Memory, outPointer, result.Size, ProtectionFlags.Write);
            if (e != SyscallError.Success)
                return e;
            if (ep.State == EndpointState.OwnerDead)
                return SyscallError.Interrupted;
            if (ep.Head != null)
            {
                e = k.Ipc.Deliver(p, ep, buffer, length, outPointer, out ulong delivered);
                return SyscallResult.Of(e, delivered);
            }
            if (timeout == Abi.NoWait)
                return SyscallError.Timeout;
            k.Tasks.Block(caller, WaitKind.Receive, k.Clock.DeadlineFor(timeout));
            caller.WaitEndpoint = ep;
            caller.WaitBuffer = buffer;
            caller.WaitLength = length;
            caller.WaitOut = outPointer;
            ep.AddReceiver(caller);
            return SyscallResult.Blocked;
        }

        /// <summary>
        /// call(args*, out IpcCallResult*) → response length. The eight arguments come in an
        /// <see cref="IpcCallArgs"/> block. Sends the request with a one-shot reply token and
        /// blocks until the reply, the timeout (must not be 0) or the server's death.
        /// </summary>
        [SyscallHandler(SyscallNumber.IpcCall)]
        public static SyscallResult Call(KernelServices k, Thread caller, UserPtr<IpcCallArgs> argsPointer, UserOutPtr<IpcCallResult> result)
        {
            Process p = caller.Process;
            SyscallError e = UserMemory.Read(p.Memory, argsPointer.Address, out IpcCallArgs args);
            if (argsPointer.IsNull)
                e = SyscallError.InvalidAddress;
            if (e != SyscallError.Success)
                return e;
            e = ResolveChannel(k, p, args.Channel, args.ChannelCapability, out Endpoint destination);
            if (e != SyscallError.Success)
                return e;
            if (args.TimeoutNs == Abi.NoWait || args.ResponseLength > Abi.MaxMessageSize)
                return SyscallError.InvalidParameter;
            e = UserMemory.CheckRange(args.Response, args.ResponseLength);
            if (e != SyscallError.Success)
                return e;
            if (result.IsNull)
                return SyscallError.InvalidAddress;
            e = UserMemory.Probe(p.Memory, result.Address, result.Size, ProtectionFlags.Write);
            if (e != SyscallError.Success)
                return e;
            e = k.Ipc.Post(p, destination, args.Request, args.RequestLength, args.Capability, caller, out ReplyObject reply);
            if (e != SyscallError.Success)
                return e;
            k.Tasks.Block(caller, WaitKind.Reply, k.Clock.DeadlineFor(args.TimeoutNs));
            caller.WaitReply = reply.Index;
            caller.WaitBuffer = args.Response;
            caller.WaitLength = args.ResponseLength;
            caller.WaitOut = result.Address;
            return SyscallResult.Blocked;
        }

        /// <summary>reply(reply_token, response, length, capability) → 0.</summary>
        [SyscallHandler(SyscallNumber.IpcReply)]
        public static SyscallResult Reply(KernelServices k, Thread caller, ReplyToken token, UserBuffer response, Capability capability)
        {
            return k.Ipc.Reply(caller.Process, token, response.Address, response.Length, capability);
        }

        /// <summary>
        /// The endpoint a send through <paramref name="channel"/> reaches: the channel must exist
        /// (NotFound), the capability must be a Write capability (InvalidCapability,
        /// PermissionDenied) to one of its two ends (PermissionDenied); the other end is the destination.
        /// </summary>
        private static SyscallError ResolveChannel(KernelServices k, Process p, ChannelId channel, Capability channelCap, out Endpoint destination)
        {
            destination = null;
            SyscallError e = p.Capabilities.Lookup(channelCap, ObjectType.Endpoint, Rights.Write, out int slot);
            if (e != SyscallError.Success)
                return e;
            Channel ch = k.LookupChannel(channel);
            if (ch == null)
                return SyscallError.NotFound;
            destination = ch.Peer((Endpoint)p.Capabilities.ObjectAt(slot));
            if (destination == null)
                return SyscallError.PermissionDenied;
            return SyscallError.Success;
        }
    }
}
