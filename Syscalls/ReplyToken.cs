namespace Veridian.Syscalls
{
    /// <summary>A one-shot right to answer one SYS_IPC_CALL (index and generation in the reply table). 0 means none. Layout: <see cref="HandleLayout"/>, tag 0.</summary>
    public readonly struct ReplyToken
    {
        private readonly ulong raw;

        public ReplyToken(ulong raw)
        {
            this.raw = raw;
        }

        public static ReplyToken None => default;

        public static ReplyToken Make(uint index, uint generation)
        {
            return new ReplyToken(HandleLayout.Pack(index, generation, 0));
        }

        public ulong Raw => raw;
        public bool IsNone => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public bool IsWellFormed => (raw & (HandleLayout.ReservedMask | (HandleLayout.TagMask << HandleLayout.TagShift))) == 0;

        public bool SameAs(ReplyToken other)
        {
            return raw == other.raw;
        }
    }
}
