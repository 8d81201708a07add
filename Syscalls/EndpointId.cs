namespace Veridian.Syscalls
{
    /// <summary>Names an IPC endpoint (index and generation in the endpoint table). Layout: <see cref="HandleLayout"/>, tag 0.</summary>
    public readonly struct EndpointId
    {
        private readonly ulong raw;

        public EndpointId(ulong raw)
        {
            this.raw = raw;
        }

        public static EndpointId None => default;

        public static EndpointId Make(uint index, uint generation)
        {
            return new EndpointId(HandleLayout.Pack(index, generation, 0));
        }

        public ulong Raw => raw;
        public bool IsNone => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public bool IsWellFormed => (raw & (HandleLayout.ReservedMask | (HandleLayout.TagMask << HandleLayout.TagShift))) == 0;

        public bool SameAs(EndpointId other)
        {
            return raw == other.raw;
        }
    }
}
