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
            Endpoint ep = k.Ipc.AllocateEndpoint(p);
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
            // The ids are resolved through the capabilities, never looked up on their own: an id
            // the capability does not name is NotFound whether or not it exists (docs/abi.md §4).
            Endpoint ep1 = (Endpoint)p.Capabilities.ObjectAt(slot1);
            Endpoint ep2 = (Endpoint)p.Capabilities.ObjectAt(slot2);
            if (ep1.Id.Raw != endpoint1.Raw || ep2.Id.Raw != endpoint2.Raw)
                return SyscallError.NotFound;
            if (ep1 == ep2)
                return SyscallError.InvalidParameter;
            if (ep1.State != EndpointState.Open || ep2.State != EndpointState.Open)
                return SyscallError.Interrupted;
            if (k.Ipc.Connected(ep1, ep2))
                return SyscallError.AlreadyExists;
            Channel ch = k.Ipc.AllocateChannel(p, ep1, ep2);
            if (ch == null)
                return SyscallError.ResourceExhausted;
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
            return k.Ipc.Post(caller.Process, destination, message.Address, message.Length, capability, null);
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
            SyscallError e = p.Capabilities.Lookup(endpointCap, ObjectType.Endpoint, Rights.Read, out int slot);
            if (e != SyscallError.Success)
                return e;
            // Capability first: the id only has to agree with the endpoint the capability names.
            Endpoint ep = (Endpoint)p.Capabilities.ObjectAt(slot);
            if (ep.Id.Raw != endpoint.Raw)
                return SyscallError.NotFound;
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
            return SyscallResult.BlockedOn(k.Ipc.BeginReceive(caller, ep, buffer, length, outPointer, k.Clock.DeadlineFor(timeout)));
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
            ulong deadline = k.Clock.DeadlineFor(args.TimeoutNs);
            if (k.Ipc.FastPath.TryCall(caller, destination, args, result.Address, deadline, out Wait fast))
                return SyscallResult.BlockedOn(fast);
            e = k.Ipc.Call(caller, destination, args, result.Address, deadline, out Wait reply);
            return e != SyscallError.Success ? (SyscallResult)e : SyscallResult.BlockedOn(reply);
        }

        /// <summary>reply(reply_token, response, length, capability) → 0.</summary>
        [SyscallHandler(SyscallNumber.IpcReply)]
        public static SyscallResult Reply(KernelServices k, Thread caller, ReplyToken token, UserBuffer response, Capability capability)
        {
            if (k.Ipc.FastPath.TryReply(caller.Process, token, response.Address, response.Length, capability))
                return SyscallResult.Done(0);
            return k.Ipc.Reply(caller.Process, token, response.Address, response.Length, capability);
        }

        /// <summary>
        /// The endpoint a send through <paramref name="channel"/> reaches: the capability must be
        /// a Write capability (InvalidCapability, PermissionDenied), checked first; the channel must
        /// exist and have the capability's endpoint as one of its ends (NotFound); the other end is
        /// the destination.
        /// </summary>
        private static SyscallError ResolveChannel(KernelServices k, Process p, ChannelId channel, Capability channelCap, out Endpoint destination)
        {
            destination = null;
            SyscallError e = p.Capabilities.Lookup(channelCap, ObjectType.Endpoint, Rights.Write, out int slot);
            if (e != SyscallError.Success)
                return e;
            // A channel that does not touch the capability's endpoint is NotFound, like one that
            // never existed, so holding an endpoint capability does not reveal other channels.
            Channel ch = k.LookupChannel(channel);
            destination = ch == null ? null : ch.Peer((Endpoint)p.Capabilities.ObjectAt(slot));
            return destination == null ? SyscallError.NotFound : SyscallError.Success;
        }
    }
}
