namespace Veridian.Syscalls
{
    /// <summary>
    /// What a new process finds at the top of its initial stack; its first thread starts with
    /// the address of this block in the first argument register. Args point to
    /// <see cref="UserString"/> elements, Capabilities to <see cref="Capability"/> tokens valid in
    /// the new process, in the order they were granted.
    /// </summary>
    public readonly struct StartInfo
    {
        public readonly ulong ArgCount;
        public readonly ulong Args;
        public readonly ulong CapabilityCount;
        public readonly ulong Capabilities;

        public StartInfo(ulong argCount, ulong args, ulong capabilityCount, ulong capabilities)
        {
            ArgCount = argCount;
            Args = args;
            CapabilityCount = capabilityCount;
            Capabilities = capabilities;
        }
    }
}
