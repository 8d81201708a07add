namespace Veridian.Syscalls
{
    /// <summary>
    /// SYS_IPC_CALL's result, written to the caller's out pointer (24 bytes): who replied, how
    /// long the response is, and the capability transferred with it (null if none).
    /// </summary>
    public readonly struct IpcCallResult
    {
        public readonly ProcessId Responder;
        public readonly ulong ResponseLength;
        public readonly Capability Capability;

        public IpcCallResult(ProcessId responder, ulong responseLength, Capability capability)
        {
            Responder = responder;
            ResponseLength = responseLength;
            Capability = capability;
        }
    }
}
