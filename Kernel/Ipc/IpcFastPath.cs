using System;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// The IPC fast path (seL4's fastpath.c): the common case of a call and of its reply, done
    /// in one straight line, or not at all. <see cref="TryCall"/> takes a SYS_IPC_CALL whose
    /// endpoint has a parked receiver; <see cref="TryReply"/> a SYS_IPC_REPLY whose caller is
    /// parked waiting. Each copies the message once, from the sender's pages to the receiver's
    /// (no message buffer, no scratch buffer), writes the receiver's result struct, and ends the
    /// other side's wait; a call also hands the CPU to the receiver in the caller's place in the
    /// run queue (no trip to the back of the queue). Nothing is allocated but the call's reply
    /// object, which the token needs on either path.
    /// <para>
    /// Everything is checked before anything changes, and anything unusual answers false, with
    /// nothing done, so the general path (<see cref="IpcService"/>) runs instead and produces
    /// its result, error or block exactly as it would have: a capability transferred, no
    /// receiver parked (or a queue already holding messages), a message longer than
    /// <see cref="MaxBytes"/> or crossing a page on either side, a buffer that is too small,
    /// unmapped or not writable, a sender whose message quota (or the message pool) is used up,
    /// the reply object unavailable, a wait that is not parked. The results are the same on both
    /// paths (the host tests run the IPC tests through each: <see cref="KernelConfig.IpcFastPath"/>).
    /// </para>
    /// <para>
    /// Waits: the fast path claims the other side's wait like any completer (docs/waits.md): a
    /// call claims the receiver, then arms its own <see cref="ReplyWait"/> and names it in the
    /// reply object before the receiver can see the token, and ends the receive with one
    /// Finish; a reply claims the caller's wait, frees the reply object and finishes the wait.
    /// On SMP <see cref="TryCall"/> runs under the destination endpoint's lock (the receiver
    /// FIFO is what it pops) and <see cref="TryReply"/> under the reply object's; the claim is
    /// then the compare-and-swap docs/waits.md describes, and a failed one means "take the
    /// general path" (nothing changed but the reply object, which goes back), not an error.
    /// </para>
    /// </summary>
    public sealed class IpcFastPath
    {
        /// <summary>The longest message the fast path copies; longer ones take the general path, whose fixed costs are then a small part of the copy.</summary>
        public const ulong MaxBytes = 512;

        private const ulong IpcReceiveResultSize = 32;
        private const ulong IpcCallResultSize = 24;

        private readonly KernelServices kernel;
        private readonly IpcService ipc;

        /// <summary>Off: every call and reply takes the general path (tests compare the two).</summary>
        public readonly bool Enabled;
        /// <summary>How many calls and replies the fast path completed (tests and diagnostics).</summary>
        public ulong Calls;
        public ulong Replies;

        internal IpcFastPath(KernelServices kernel, IpcService ipc)
        {
            this.kernel = kernel;
            this.ipc = ipc;
            // A queue depth of 0 makes every post Busy on the general path: nothing to shortcut.
            Enabled = kernel.Config.IpcFastPath && kernel.Config.EndpointQueueDepth > 0;
        }

        /// <summary>
        /// SYS_IPC_CALL, after the handler checked its arguments: if <paramref name="destination"/>
        /// has a parked receiver and nothing is unusual, the request is in the receiver's buffer,
        /// the receiver runs next in the caller's place, and <paramref name="wait"/> is the
        /// caller's armed reply wait (the dispatcher parks it). False: nothing happened.
        /// </summary>
        public bool TryCall(Thread caller, Endpoint destination, in IpcCallArgs args, ulong outPointer, ulong deadline, out Wait wait)
        {
            wait = null;
            ulong length = args.RequestLength;
            if (!Enabled || !args.Capability.IsNull || length > MaxBytes
                || destination.State != EndpointState.Open || destination.Head != null)
                return false;
            ReceiveWait receiver = destination.FirstReceiver;
            if (receiver == null || receiver.Phase != WaitPhase.Parked || length > receiver.Length)
                return false;
            Process sender = caller.Process;
            // The general path would take a message buffer for the request: where it could not,
            // it fails (ResourceExhausted), so the fast path must not succeed.
            if (!ipc.Messages.CanAllocate(sender.Quota))
                return false;
            Process server = receiver.Thread.Process;
            if (!UserMemory.TryPageSpan(sender.Memory, args.Request, length, ProtectionFlags.Read, out Span<byte> source)
                || !UserMemory.TryPageSpan(server.Memory, receiver.Out, IpcReceiveResultSize, ProtectionFlags.Write, out Span<byte> result)
                || !UserMemory.TryPageSpan(server.Memory, receiver.Buffer, length, ProtectionFlags.Write, out Span<byte> target))
                return false;
            ReplyObject reply = ipc.Replies.Allocate(sender.Quota);
            if (reply == null)
                return false;

            // Claim before acting (docs/waits.md). One CPU: it cannot fail (the receiver is
            // parked); SMP: it can, and then the general path runs, with the reply object back.
            destination.PopReceiver();
            if (!receiver.Claim())
            {
                ipc.FreeReply(reply);
                return false;
            }
            // From here nothing can fail. The caller's wait is armed, and named by the reply
            // object, before the receiver can see the token (arm before publish).
            ReplyWait w = ipc.ReplyWaitOf(caller);
            w.Begin(args.Response, args.ResponseLength, outPointer, deadline);
            reply.State = ReplyState.Delivered;
            reply.Caller = w;
            reply.Server = server;
            w.Reply = reply;
            source.CopyTo(target);
            UserMemory.Store(result, new IpcReceiveResult(sender.Id, length, Capability.Null, reply.Token));
            receiver.FinishInPlaceOf(caller, SyscallError.Success, length);
            Calls++;
            wait = w;
            return true;
        }

        /// <summary>
        /// SYS_IPC_REPLY: if the token's caller is parked waiting and nothing is unusual, the
        /// response is in the caller's buffer, its <see cref="IpcCallResult"/> written, its call
        /// finished with the length and the token used up. False: nothing happened.
        /// </summary>
        public bool TryReply(Process server, ReplyToken token, ulong response, ulong length, Capability transfer)
        {
            if (!Enabled || !transfer.IsNull || length > MaxBytes)
                return false;
            ReplyObject r = kernel.LookupReply(token);
            if (r == null || r.Server != server || r.State != ReplyState.Delivered)
                return false;
            ReplyWait caller = r.Caller;
            if (caller.Phase != WaitPhase.Parked || length > caller.Length)
                return false;
            AddressSpace callerSpace = caller.Thread.Process.Memory;
            if (!UserMemory.TryPageSpan(server.Memory, response, length, ProtectionFlags.Read, out Span<byte> source)
                || !UserMemory.TryPageSpan(callerSpace, caller.Buffer, length, ProtectionFlags.Write, out Span<byte> target)
                || !UserMemory.TryPageSpan(callerSpace, caller.Out, IpcCallResultSize, ProtectionFlags.Write, out Span<byte> result))
                return false;

            // Claim first (SMP: a failed claim leaves the token to the general path, which then
            // answers Interrupted); from there nothing can fail: the token is used, the wait ends.
            if (!caller.Claim())
                return false;
            ipc.FreeReply(r);
            source.CopyTo(target);
            UserMemory.Store(result, new IpcCallResult(server.Id, length, Capability.Null));
            caller.Finish(SyscallError.Success, length);
            Replies++;
            return true;
        }
    }
}
