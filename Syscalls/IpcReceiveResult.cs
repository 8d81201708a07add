namespace Veridian.Syscalls
{
    /// <summary>
    /// SYS_IPC_RECEIVE's result, written to the caller's out pointer (32 bytes). A null
    /// Capability / None ReplyToken stands for Option::None. On BufferTooSmall the kernel still
    /// writes this struct with MessageLength = the size needed; the message stays queued.
    /// </summary>
    public readonly struct IpcReceiveResult
    {
        public readonly ProcessId Sender;
        public readonly ulong MessageLength;
        public readonly Capability Capability;
        public readonly ReplyToken ReplyToken;

        public IpcReceiveResult(ProcessId sender, ulong messageLength, Capability capability, ReplyToken replyToken)
        {
            Sender = sender;
            MessageLength = messageLength;
            Capability = capability;
            ReplyToken = replyToken;
        }
    }
}
