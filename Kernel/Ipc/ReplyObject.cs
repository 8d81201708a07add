using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// The one-shot link between a SYS_IPC_CALL and its SYS_IPC_REPLY. Replying, a dead caller
    /// or a dead server frees it and bumps its generation, so each token works once.
    /// </summary>
    public sealed class ReplyObject
    {
        public readonly int Index;
        public uint Generation = 1;
        public ReplyState State;
        public Thread Caller;
        public Process Server;
        public int NextFree = -1;

        public ReplyObject(int index)
        {
            Index = index;
        }

        public ReplyToken Token => ReplyToken.Make((uint)Index, Generation);
    }
}
