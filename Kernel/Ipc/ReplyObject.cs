using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// The one-shot link between a SYS_IPC_CALL and its SYS_IPC_REPLY. Replying, a dead caller
    /// or a dead server frees it and bumps its generation, so each token works once.
    /// </summary>
    public sealed class ReplyObject : TableEntry
    {
        public ReplyState State;
        /// <summary>The caller's wait for this reply; null once it has stopped waiting (CallerGone) or the reply is free.</summary>
        public ReplyWait Caller;
        public Process Server;

        public ReplyToken Token => ReplyToken.Make((uint)Index, Generation);
    }
}
