namespace Veridian.Syscalls
{
    /// <summary>
    /// The object argument of SYS_CAPABILITY_CREATE. For the object types that can be created
    /// it is a creation parameter (Memory: the size in bytes; Endpoint: must be 0); see docs/abi.md.
    /// </summary>
    public readonly struct ObjectId
    {
        private readonly ulong raw;

        public ObjectId(ulong raw)
        {
            this.raw = raw;
        }

        public ulong Raw => raw;
    }
}
