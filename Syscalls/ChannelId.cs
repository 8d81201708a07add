namespace Veridian.Syscalls
{
    /// <summary>Names a channel between two endpoints (index and generation in the channel table). Layout: <see cref="HandleLayout"/>, tag 0.</summary>
    public readonly struct ChannelId
    {
        private readonly ulong raw;

        public ChannelId(ulong raw)
        {
            this.raw = raw;
        }

        public static ChannelId None => default;

        public static ChannelId Make(uint index, uint generation)
        {
            return new ChannelId(HandleLayout.Pack(index, generation, 0));
        }

        public ulong Raw => raw;
        public bool IsNone => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public bool IsWellFormed => (raw & (HandleLayout.ReservedMask | (HandleLayout.TagMask << HandleLayout.TagShift))) == 0;

        public bool SameAs(ChannelId other)
        {
            return raw == other.raw;
        }
    }
}
