using Veridian.Kernel.Tasks;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// SYS_IPC_CALL awaiting its reply: the caller's side of a <see cref="ReplyObject"/> (which
    /// names this wait as its <see cref="ReplyObject.Caller"/>), with where the response goes.
    /// Completed by SYS_IPC_REPLY, or with an error when the request is flushed or the server
    /// dies; cancelling it leaves the reply object CallerGone, so the server's reply gets
    /// Interrupted instead of reaching a thread that stopped waiting.
    /// </summary>
    public sealed class ReplyWait : Wait
    {
        // Meaningful only while the wait is armed or parked.
        public ReplyObject Reply { get; internal set; }
        public ulong Buffer { get; private set; }
        public ulong Length { get; private set; }
        public ulong Out { get; private set; }

        internal ReplyWait(KernelServices kernel, Thread thread) : base(WaitKind.Reply, kernel, thread)
        {
        }

        /// <summary>Armed before the request is posted (<see cref="IpcService.Call"/>), so the server can never hold a reply to a caller that is not waiting.</summary>
        internal void Begin(ulong response, ulong length, ulong outPointer, ulong deadline)
        {
            Arm(deadline);
            Reply = null;
            Buffer = response;
            Length = length;
            Out = outPointer;
        }

        /// <summary>The request could not be posted: the call fails at once and nothing saw the wait.</summary>
        internal void PostFailed() => Disarm();

        protected override void Withdraw(WaitCancel reason)
        {
            ReplyObject r = Reply;
            Reply = null;
            if (r != null && r.Caller == this && (r.State == ReplyState.Queued || r.State == ReplyState.Delivered))
            {
                r.State = ReplyState.CallerGone;
                r.Caller = null;
            }
        }
    }
}
