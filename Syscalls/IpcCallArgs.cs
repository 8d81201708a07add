namespace Veridian.Syscalls
{
    /// <summary>
    /// SYS_IPC_CALL has eight arguments, more than the six argument registers: they travel in
    /// this 64-byte block in user memory, whose address is arg0 (arg1 is the out pointer for
    /// <see cref="IpcCallResult"/>). Field order is the spec's argument order.
    /// </summary>
    public readonly struct IpcCallArgs
    {
        public readonly ChannelId Channel;
        public readonly ulong Request;
        public readonly ulong RequestLength;
        public readonly ulong Response;
        public readonly ulong ResponseLength;
        public readonly ulong TimeoutNs;
        public readonly Capability Capability;
        public readonly Capability ChannelCapability;

        public IpcCallArgs(ChannelId channel, ulong request, ulong requestLength, ulong response,
            ulong responseLength, ulong timeoutNs, Capability capability, Capability channelCapability)
        {
            Channel = channel;
            Request = request;
            RequestLength = requestLength;
            Response = response;
            ResponseLength = responseLength;
            TimeoutNs = timeoutNs;
            Capability = capability;
            ChannelCapability = channelCapability;
        }
    }
}
