using System;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// Message passing over endpoints: posting (send and the request half of call), delivery
    /// to a receiver (immediately or to one blocked waiting), replies, and what happens to
    /// queued messages and waiters when an endpoint or a process goes away. Owns the tables of
    /// endpoints, channels, messages and replies (made once at boot), so nothing here allocates;
    /// each object is charged to the quota of the process that caused it.
    /// </summary>
    public sealed class IpcService
    {
        private readonly KernelServices kernel;
        public readonly ObjectTable<Endpoint> Endpoints;
        public readonly ObjectTable<Channel> Channels;
        public readonly ObjectTable<Message> Messages;
        public readonly ObjectTable<ReplyObject> Replies;
        /// <summary>The common call and reply in one straight line, or not at all (IpcFastPath.cs).</summary>
        public readonly IpcFastPath FastPath;

        // One wait of each of this service's kinds per thread slot: blocking allocates nothing.
        private readonly ReceiveWait[] receiveWaits;
        private readonly ReplyWait[] replyWaits;

        public IpcService(KernelServices kernel)
        {
            this.kernel = kernel;
            KernelConfig c = kernel.Config;
            Endpoint[] endpoints = new Endpoint[c.MaxEndpoints];
            for (int i = 0; i < endpoints.Length; i++)
                endpoints[i] = new Endpoint();
            Endpoints = new ObjectTable<Endpoint>(endpoints, QuotaKind.Endpoints);
            Channel[] channels = new Channel[c.MaxChannels];
            for (int i = 0; i < channels.Length; i++)
                channels[i] = new Channel();
            Channels = new ObjectTable<Channel>(channels, QuotaKind.Channels);
            Message[] messages = new Message[c.MaxMessages];
            for (int i = 0; i < messages.Length; i++)
                messages[i] = new Message();
            Messages = new ObjectTable<Message>(messages, QuotaKind.Messages);
            ReplyObject[] replies = new ReplyObject[c.MaxReplies];
            for (int i = 0; i < replies.Length; i++)
                replies[i] = new ReplyObject();
            Replies = new ObjectTable<ReplyObject>(replies, QuotaKind.Replies);
            ObjectTable<Thread> threads = kernel.Tasks.Threads;
            receiveWaits = new ReceiveWait[threads.Capacity];
            replyWaits = new ReplyWait[threads.Capacity];
            for (int i = 0; i < threads.Capacity; i++)
            {
                receiveWaits[i] = new ReceiveWait(kernel, threads.At(i));
                replyWaits[i] = new ReplyWait(kernel, threads.At(i));
            }
            FastPath = new IpcFastPath(kernel, this);
        }

        // ---- the two waits (docs/waits.md) ----

        /// <summary>
        /// SYS_IPC_RECEIVE with nothing queued: <paramref name="t"/> waits on
        /// <paramref name="endpoint"/> (behind earlier receivers) until a message arrives for it,
        /// the endpoint closes or its owner dies, or <paramref name="deadline"/>.
        /// </summary>
        public Wait BeginReceive(Thread t, Endpoint endpoint, ulong buffer, ulong length, ulong outPointer, ulong deadline) =>
            receiveWaits[t.Index].Begin(endpoint, buffer, length, outPointer, deadline);

        /// <summary>The one reply wait of <paramref name="t"/>'s slot (the fast path arms it itself).</summary>
        internal ReplyWait ReplyWaitOf(Thread t) => replyWaits[t.Index];

        /// <summary>
        /// SYS_IPC_CALL: posts the request with a one-shot reply to <paramref name="caller"/>'s
        /// wait, which is armed first (it exists before any server can see the request), and
        /// hands back that wait; a post that fails disarms it and is the call's error.
        /// </summary>
        public SyscallError Call(Thread caller, Endpoint destination, IpcCallArgs args, ulong outPointer, ulong deadline, out Wait wait)
        {
            ReplyWait w = ReplyWaitOf(caller);
            w.Begin(args.Response, args.ResponseLength, outPointer, deadline);
            SyscallError e = Post(caller.Process, destination, args.Request, args.RequestLength, args.Capability, w);
            if (e != SyscallError.Success)
            {
                w.PostFailed();
                wait = null;
                return e;
            }
            wait = w;
            return SyscallError.Success;
        }

        // ---- allocation (O(1), charged to the owner's quota; null when the table or quota is used up) ----

        public Endpoint AllocateEndpoint(Process owner)
        {
            Endpoint e = Endpoints.Allocate(owner.Quota);
            if (e == null)
                return null;
            e.State = EndpointState.Open;
            e.Owner = owner;
            return e;
        }

        public Channel AllocateChannel(Process owner, Endpoint a, Endpoint b)
        {
            Channel c = Channels.Allocate(owner.Quota);
            if (c == null)
                return null;
            c.A = a;
            c.B = b;
            return c;
        }

        /// <summary>True if the two endpoints are already joined by a channel (a scan: channel create only).</summary>
        public bool Connected(Endpoint a, Endpoint b)
        {
            for (int i = 0; i < Channels.Capacity; i++)
            {
                Channel c = Channels.At(i);
                if (c.Live && c.Peer(a) == b)
                    return true;
            }
            return false;
        }

        private Message AllocateMessage(Process sender)
        {
            Message m = Messages.Allocate(sender.Quota);
            if (m == null)
                return null;
            m.Next = null;
            m.Length = 0;
            m.TransitCapability = -1;
            m.Reply = -1;
            return m;
        }

        private void FreeMessage(Message m)
        {
            m.Next = null;
            Messages.Free(m);
        }

        internal void FreeReply(ReplyObject r)
        {
            r.State = ReplyState.Free;
            r.Caller = null;
            r.Server = null;
            Replies.Free(r);
        }

        /// <summary>
        /// Queues a message for <paramref name="destination"/> from <paramref name="sender"/>.
        /// For a call, <paramref name="caller"/> is the (armed) wait for the reply.
        /// Every check happens before anything changes, so a failed post leaves no trace.
        /// </summary>
        public SyscallError Post(Process sender, Endpoint destination, ulong message, ulong length,
            Capability transfer, ReplyWait caller)
        {
            ReplyObject reply = null;
            if (length > Abi.MaxMessageSize)
                return SyscallError.InvalidParameter;
            if (destination.State == EndpointState.OwnerDead)
                return SyscallError.Interrupted;
            if (destination.State != EndpointState.Open)
                return SyscallError.NotFound;
            if (destination.Count >= kernel.Config.EndpointQueueDepth)
                return SyscallError.Busy;

            SyscallError e = CheckTransfer(sender, transfer, kernel.Capabilities.Space(CapabilityTable.TransitSpace), out int transferSlot);
            if (e != SyscallError.Success)
                return e;
            e = UserMemory.CheckRange(message, length);
            if (e != SyscallError.Success)
                return e;

            Message m = AllocateMessage(sender);
            if (m == null)
                return SyscallError.ResourceExhausted;
            if (caller != null)
            {
                reply = Replies.Allocate(caller.Thread.Process.Quota);
                if (reply == null)
                {
                    FreeMessage(m);
                    return SyscallError.ResourceExhausted;
                }
            }
            e = UserMemory.CopyIn(sender.Memory, message, new Span<byte>(m.Data, 0, (int)length));
            if (e != SyscallError.Success)
            {
                FreeMessage(m);
                if (reply != null)
                    FreeReply(reply);
                return e;
            }

            m.Length = (int)length;
            m.Sender = sender.Id;
            if (transferSlot >= 0)
            {
                CapabilityTable caps = kernel.Capabilities;
                int parent = caps.Address(sender.CapabilitySpaceIndex, transferSlot);
                caps.Derive(parent, CapabilityTable.TransitSpace, caps.At(parent).Rights, out int transit);
                m.TransitCapability = caps.Address(CapabilityTable.TransitSpace, transit);
                m.TransitGeneration = caps.At(m.TransitCapability).Generation;
            }
            if (reply != null)
            {
                reply.State = ReplyState.Queued;
                reply.Caller = caller;
                caller.Reply = reply;
                m.Reply = reply.Index;
            }
            destination.Enqueue(m);
            DeliverPending(destination);
            return SyscallError.Success;
        }

        /// <summary>Hands queued messages to blocked receivers, in order, while both exist.</summary>
        public void DeliverPending(Endpoint endpoint)
        {
            while (endpoint.Head != null && endpoint.FirstReceiver != null)
            {
                ReceiveWait w = endpoint.PopReceiver();
                // Claim before delivering: a receiver that stopped waiting must not take the message.
                if (!w.Claim())
                    continue;
                SyscallError e = Deliver(w.Thread.Process, endpoint, w.Buffer, w.Length, w.Out, out ulong length);
                w.Finish(e, e == SyscallError.Success ? length : 0);
            }
        }

        /// <summary>
        /// Gives the head message of <paramref name="endpoint"/> to <paramref name="receiver"/>:
        /// copies it to the buffer, installs the transferred capability, writes the
        /// <see cref="IpcReceiveResult"/>, dequeues it. Everything that can fail is checked
        /// first — the result struct and the buffer still writable, room for the capability —
        /// so a failure changes nothing and the message stays queued. This matters for a
        /// receiver that blocked: another thread may have unmapped its pages meanwhile
        /// (docs/abi.md §8, blocked results). BufferTooSmall still writes the result so the
        /// receiver learns the size it needs.
        /// </summary>
        public SyscallError Deliver(Process receiver, Endpoint endpoint, ulong buffer, ulong bufferLength,
            ulong outPointer, out ulong length)
        {
            Message m = endpoint.Head;
            length = (ulong)m.Length;
            AddressSpace space = receiver.Memory;
            SyscallError e = UserMemory.Probe(space, outPointer, IpcReceiveResultSize, ProtectionFlags.Write);
            if (e != SyscallError.Success)
                return e;
            if (length > bufferLength)
            {
                UserMemory.Write(space, outPointer, new IpcReceiveResult(m.Sender, length, Capability.Null, ReplyToken.None));
                return SyscallError.BufferTooSmall;
            }
            e = UserMemory.Probe(space, buffer, length, ProtectionFlags.Write);
            if (e != SyscallError.Success)
                return e;
            bool carriesCapability = HasLiveTransit(m);
            if (carriesCapability && receiver.Capabilities.IsFull)
                return SyscallError.ResourceExhausted;

            // From here nothing can fail: the pages are present and writable, a slot is free.
            UserMemory.CopyOut(space, buffer, new ReadOnlySpan<byte>(m.Data, 0, m.Length));
            Capability installed = Capability.Null;
            if (carriesCapability)
            {
                kernel.Capabilities.Move(m.TransitCapability, receiver.CapabilitySpaceIndex, out int slot);
                installed = receiver.Capabilities.TokenOf(slot);
            }
            m.TransitCapability = -1;

            ReplyToken token = ReplyToken.None;
            if (m.Reply >= 0)
            {
                ReplyObject r = Replies.At(m.Reply);
                if (r.State == ReplyState.Queued)
                    r.State = ReplyState.Delivered;
                r.Server = receiver;
                token = r.Token;
            }
            UserMemory.Write(space, outPointer, new IpcReceiveResult(m.Sender, length, installed, token));
            endpoint.Dequeue();
            FreeMessage(m);
            return SyscallError.Success;
        }

        private const ulong IpcReceiveResultSize = 32;
        private const ulong IpcCallResultSize = 24;

        /// <summary>
        /// Answers a call. NotFound if the token is stale, used, or not this process's;
        /// Interrupted if the caller is gone (token consumed); BufferTooSmall if the caller's
        /// response buffer is smaller (token kept, so a shorter reply can follow);
        /// ResourceExhausted if a capability is sent and the caller's space is full (token kept).
        /// If the caller's response buffer or <see cref="IpcCallResult"/> is no longer writable
        /// (unmapped while it waited), the reply cannot be delivered: nothing is copied or
        /// installed, the caller's call ends with InvalidAddress, the token is consumed and the
        /// server is told Interrupted, as for a caller that gave up.
        /// </summary>
        public SyscallError Reply(Process server, ReplyToken token, ulong response, ulong length, Capability transfer)
        {
            ReplyObject r = kernel.LookupReply(token);
            if (r == null || r.Server != server || (r.State != ReplyState.Delivered && r.State != ReplyState.CallerGone))
                return SyscallError.NotFound;
            if (length > Abi.MaxMessageSize)
                return SyscallError.InvalidParameter;
            if (r.State == ReplyState.CallerGone)
            {
                FreeReply(r);
                return SyscallError.Interrupted;
            }
            ReplyWait caller = r.Caller;
            Process callerProcess = caller.Thread.Process;
            if (length > caller.Length)
                return SyscallError.BufferTooSmall;
            SyscallError e = CheckTransfer(server, transfer, callerProcess.Capabilities, out int transferSlot);
            if (e != SyscallError.Success)
                return e;
            Span<byte> data = new Span<byte>(kernel.Scratch, 0, (int)length);
            e = UserMemory.CopyIn(server.Memory, response, data);
            if (e != SyscallError.Success)
                return e;

            // The token is used from here. Claim before writing: a caller that stopped waiting
            // (its wait was cancelled, which would have made the reply CallerGone) gets nothing.
            FreeReply(r);
            if (!caller.Claim())
                return SyscallError.Interrupted;
            ulong responseBuffer = caller.Buffer;
            ulong outPointer = caller.Out;
            AddressSpace callerSpace = callerProcess.Memory;
            e = UserMemory.Probe(callerSpace, responseBuffer, length, ProtectionFlags.Write);
            if (e == SyscallError.Success)
                e = UserMemory.Probe(callerSpace, outPointer, IpcCallResultSize, ProtectionFlags.Write);
            if (e != SyscallError.Success)
            {
                caller.Finish(e, 0);
                return SyscallError.Interrupted;
            }

            // From here nothing can fail: the caller's pages are present and writable.
            UserMemory.CopyOut(callerSpace, responseBuffer, data);
            Capability installed = Capability.Null;
            if (transferSlot >= 0)
            {
                CapabilityTable caps = kernel.Capabilities;
                int parent = caps.Address(server.CapabilitySpaceIndex, transferSlot);
                caps.Derive(parent, callerProcess.CapabilitySpaceIndex, caps.At(parent).Rights, out int slot);
                installed = callerProcess.Capabilities.TokenOf(slot);
            }
            UserMemory.Write(callerSpace, outPointer, new IpcCallResult(server.Id, length, installed));
            caller.Finish(SyscallError.Success, length);
            return SyscallError.Success;
        }

        /// <summary>
        /// The one check for a capability travelling with a message or a reply: the holder has
        /// it (InvalidCapability), with Grant (PermissionDenied), and where it will live has a
        /// free slot (ResourceExhausted). A null token is no transfer: slot -1.
        /// </summary>
        private static SyscallError CheckTransfer(Process holder, Capability transfer, CapabilitySpace destination, out int slot)
        {
            slot = -1;
            if (transfer.IsNull)
                return SyscallError.Success;
            SyscallError e = holder.Capabilities.Lookup(transfer, out slot);
            if (e != SyscallError.Success)
                return e;
            if (!holder.Capabilities.RightsAt(slot).Contains(Rights.Grant))
                return SyscallError.PermissionDenied;
            if (destination.IsFull)
                return SyscallError.ResourceExhausted;
            return SyscallError.Success;
        }

        /// <summary>
        /// True if the copy a queued message carries is still in the transit space: a revoke
        /// of the sender's capability removes it (and the slot may have been reused since).
        /// </summary>
        private bool HasLiveTransit(Message m)
        {
            if (m.TransitCapability < 0)
                return false;
            ref CapSlot s = ref kernel.Capabilities.At(m.TransitCapability);
            return s.InUse && s.Generation == m.TransitGeneration;
        }

        /// <summary>The last capability to an endpoint is gone: it closes (waiters get NotFound) and its channels go with it.</summary>
        public void DestroyEndpoint(Endpoint endpoint)
        {
            Flush(endpoint, SyscallError.NotFound);
            for (int i = 0; i < Channels.Capacity; i++)
            {
                Channel c = Channels.At(i);
                if (c.Live && (c.A == endpoint || c.B == endpoint))
                {
                    c.A = null;
                    c.B = null;
                    Channels.Free(c);
                }
            }
            endpoint.State = EndpointState.Free;
            endpoint.Owner = null;
            Endpoints.Free(endpoint);
        }

        /// <summary>
        /// A process is ending: calls it was serving fail with Interrupted, the endpoints it
        /// created stop working (dead peer), and calls still queued anywhere to reach it fail.
        /// </summary>
        public void ProcessGone(Process p)
        {
            for (int i = 0; i < Replies.Capacity; i++)
            {
                ReplyObject r = Replies.At(i);
                if (r.State == ReplyState.Delivered && r.Server == p)
                {
                    ReplyWait caller = r.Caller;
                    FreeReply(r);
                    caller.Complete(SyscallError.Interrupted, 0);
                }
                else if (r.State == ReplyState.CallerGone && r.Server == p)
                {
                    FreeReply(r);
                }
            }
            for (int i = 0; i < Endpoints.Capacity; i++)
            {
                Endpoint e = Endpoints.At(i);
                if (e.State == EndpointState.Open && e.Owner == p)
                {
                    e.State = EndpointState.OwnerDead;
                    Flush(e, SyscallError.Interrupted);
                }
            }
        }

        /// <summary>Discards queued messages (dropping their capabilities, failing their callers) and wakes receivers.</summary>
        private void Flush(Endpoint endpoint, SyscallError reason)
        {
            CapabilityTable caps = kernel.Capabilities;
            Message m;
            while ((m = endpoint.Dequeue()) != null)
            {
                if (HasLiveTransit(m))
                    caps.Revoke(m.TransitCapability);
                m.TransitCapability = -1;
                if (m.Reply >= 0)
                {
                    ReplyObject r = Replies.At(m.Reply);
                    ReplyWait caller = r.State == ReplyState.Queued ? r.Caller : null;
                    FreeReply(r);
                    if (caller != null)
                        caller.Complete(reason, 0);
                }
                FreeMessage(m);
            }
            ReceiveWait w;
            while ((w = endpoint.PopReceiver()) != null)
                w.Complete(reason, 0);
        }
    }
}
