namespace Veridian.Syscalls
{
    /// <summary>Names a thread (index and generation in the thread table). Stale ids fail with NotFound. Layout: <see cref="HandleLayout"/>, tag 0.</summary>
    public readonly struct ThreadId
    {
        private readonly ulong raw;

        public ThreadId(ulong raw)
        {
            this.raw = raw;
        }

        public static ThreadId None => default;

        public static ThreadId Make(uint index, uint generation)
        {
            return new ThreadId(HandleLayout.Pack(index, generation, 0));
        }

        public ulong Raw => raw;
        public bool IsNone => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public bool IsWellFormed => (raw & (HandleLayout.ReservedMask | (HandleLayout.TagMask << HandleLayout.TagShift))) == 0;

        public bool SameAs(ThreadId other)
        {
            return raw == other.raw;
        }
    }
}
