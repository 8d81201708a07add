namespace Veridian.Syscalls
{
    /// <summary>SYS_IPC_ENDPOINT_CREATE's (EndpointId, IpcCapability), written to the out pointer in arg0 (16 bytes).</summary>
    public readonly struct EndpointCreateResult
    {
        public readonly EndpointId Endpoint;
        public readonly Capability Capability;

        public EndpointCreateResult(EndpointId endpoint, Capability capability)
        {
            Endpoint = endpoint;
            Capability = capability;
        }
    }
}
