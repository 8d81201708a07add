namespace Veridian.Syscalls
{
    /// <summary>
    /// The common 64-bit layout of every kernel-issued name (capability tokens, ids, reply
    /// tokens): bits 0..15 slot index, bits 16..47 generation, bits 48..55 a tag (the object
    /// type for capabilities, 0 otherwise), bits 56..63 zero. Generations start at 1 and skip
    /// 0 when they wrap, so a valid name is never 0, and bit 63 is always clear so a name fits
    /// the success range of the return register.
    /// </summary>
    public static class HandleLayout
    {
        public const int IndexBits = 16;
        public const int GenerationShift = 16;
        public const int TagShift = 48;
        public const ulong IndexMask = 0xFFFF;
        public const ulong GenerationMask = 0xFFFF_FFFF;
        public const ulong TagMask = 0xFF;
        public const ulong ReservedMask = 0xFF00_0000_0000_0000;
        public const int MaxIndex = 0xFFFF;

        public static ulong Pack(uint index, uint generation, uint tag)
        {
            return (index & IndexMask)
                | ((generation & GenerationMask) << GenerationShift)
                | ((tag & TagMask) << TagShift);
        }

        public static uint Index(ulong raw)
        {
            return (uint)(raw & IndexMask);
        }

        public static uint Generation(ulong raw)
        {
            return (uint)((raw >> GenerationShift) & GenerationMask);
        }

        public static uint Tag(ulong raw)
        {
            return (uint)((raw >> TagShift) & TagMask);
        }

        /// <summary>The generation after <paramref name="generation"/>, never 0.</summary>
        public static uint NextGeneration(uint generation)
        {
            uint next = generation + 1;
            return next == 0 ? 1u : next;
        }
    }
}
