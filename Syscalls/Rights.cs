namespace Veridian.Syscalls
{
    /// <summary>
    /// The rights a capability carries: a small value type over a bit set. Rights only ever
    /// shrink: derive, transfer and grant produce a subset of the parent's rights.
    /// </summary>
    public readonly struct Rights
    {
        public const uint ReadBit = 1u << 0;
        public const uint WriteBit = 1u << 1;
        public const uint ExecuteBit = 1u << 2;
        public const uint GrantBit = 1u << 3;
        public const uint DeriveBit = 1u << 4;
        public const uint CreateBit = 1u << 5;
        public const uint ValidMask = ReadBit | WriteBit | ExecuteBit | GrantBit | DeriveBit | CreateBit;

        private readonly uint bits;

        public Rights(uint bits)
        {
            this.bits = bits;
        }

        public uint Bits => bits;

        public static Rights None => new Rights(0);
        /// <summary>Receive on an endpoint; read an I/O or memory object; map readable.</summary>
        public static Rights Read => new Rights(ReadBit);
        /// <summary>Send through an endpoint's channels; write an I/O or memory object; map writable.</summary>
        public static Rights Write => new Rights(WriteBit);
        /// <summary>Map executable.</summary>
        public static Rights Execute => new Rights(ExecuteBit);
        /// <summary>May be transferred in an IPC message or granted to a new process.</summary>
        public static Rights Grant => new Rights(GrantBit);
        /// <summary>May be derived (SYS_CAPABILITY_DERIVE).</summary>
        public static Rights Derive => new Rights(DeriveBit);
        /// <summary>On a Resource capability: may create new objects (SYS_CAPABILITY_CREATE).</summary>
        public static Rights Create => new Rights(CreateBit);
        public static Rights All => new Rights(ValidMask);

        /// <summary>True if no bit outside <see cref="ValidMask"/> is set.</summary>
        public bool IsValid => (bits & ~ValidMask) == 0;

        public bool IsEmpty => bits == 0;

        /// <summary>True if every right in <paramref name="required"/> is present here.</summary>
        public bool Contains(Rights required)
        {
            return (bits & required.bits) == required.bits;
        }

        public bool IsSubsetOf(Rights other)
        {
            return (bits & ~other.bits) == 0;
        }

        public Rights Intersect(Rights other)
        {
            return new Rights(bits & other.bits);
        }

        public Rights Union(Rights other)
        {
            return new Rights(bits | other.bits);
        }

        public Rights Without(Rights other)
        {
            return new Rights(bits & ~other.bits);
        }

        public bool SameAs(Rights other)
        {
            return bits == other.bits;
        }
    }
}
