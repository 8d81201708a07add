namespace Veridian.Syscalls
{
    /// <summary>
    /// A capability token as user space holds it: 64 bits in the <see cref="HandleLayout"/>
    /// (slot index in the holder's capability space, slot generation, object type). A token is
    /// meaningful only in the capability space of the process that received it. The all-zero
    /// token is the null capability, which is also how <c>Option&lt;Capability&gt;::None</c>
    /// is passed in a register.
    /// </summary>
    public readonly struct Capability
    {
        private readonly ulong raw;

        public Capability(ulong raw)
        {
            this.raw = raw;
        }

        public static Capability Null => default;

        public static Capability Make(uint index, uint generation, ObjectType type)
        {
            return new Capability(HandleLayout.Pack(index, generation, (uint)type));
        }

        /// <summary>The register value.</summary>
        public ulong Raw => raw;
        public bool IsNull => raw == 0;
        public uint Index => HandleLayout.Index(raw);
        public uint Generation => HandleLayout.Generation(raw);
        public ObjectType Type => (ObjectType)HandleLayout.Tag(raw);
        /// <summary>True if bits 56..63 are clear, as in every token the kernel issues.</summary>
        public bool IsWellFormed => (raw & HandleLayout.ReservedMask) == 0;

        public bool SameAs(Capability other)
        {
            return raw == other.raw;
        }
    }
}
