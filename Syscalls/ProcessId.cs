namespace Veridian.Syscalls
{
    /// <summary>Names a process (index and generation in the process table). Stale ids fail with NotFound. Layout: <see cref="HandleLayout"/>, tag 0.</summary>
    public readonly struct ProcessId
    {
        private readonly ulong raw;

        public ProcessId(ulong raw)
        {
            this.raw = raw;
        }

        public static ProcessId None => default;

        public static ProcessId Make(uint index, uint generation)
        {
            return new ProcessId(HandleLayout.Pack(index, generation, 0));
        }

        public ulong Raw => raw;
        public bool IsNone => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public bool IsWellFormed => (raw & (HandleLayout.ReservedMask | (HandleLayout.TagMask << HandleLayout.TagShift))) == 0;

        public bool SameAs(ProcessId other)
        {
            return raw == other.raw;
        }
    }
}
