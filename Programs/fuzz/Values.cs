using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>
    /// Argument values by kind (docs/testing.md "The ring-3 syscall fuzzer"): mostly what gets a
    /// call past decoding — names from the pool, rights and flags that exist, boundary sizes —
    /// and one time in <see cref="HostileOdds"/> anything of another kind. Timeouts are always
    /// short: a call may block, but never for long.
    /// </summary>
    internal sealed unsafe partial class FuzzThread
    {
        private const int HostileOdds = 8;

        private static readonly ulong[] s_lengths =
        {
            0, 1, 2, 7, 8, 15, 16, 24, 31, 32, 48, 63, 64, 100, 168, 4095, 4096, 4097, 8191, 8192, 65535, 65536,
            1 << 20, (1 << 20) + 1, 16 << 20, (16 << 20) + 1, 64 << 20, (64 << 20) + 1, 0xFFFF_FFFF, 1UL << 32,
            1UL << 46, Abi.UserEnd, 1UL << 63, ulong.MaxValue,
        };

        private static readonly ulong[] s_timeouts = { 0, 0, 0, 1, 1000, 50_000, 200_000, 1_000_000, 2_000_000 };

        public Rng R;

        public static int RunStaticConstructors() => s_lengths.Length + s_timeouts.Length + s_calls.Length + (int)Space.Garbage(ref s_warm);

        private static Rng s_warm;

        private bool Hostile() => R.OneIn(HostileOdds);

        public ulong Length() => R.OneIn(8) ? R.Next() : s_lengths[R.Below(s_lengths.Length)];

        /// <summary>A message length: mostly within the 4 KiB limit, sometimes just past it.</summary>
        public ulong MessageLength() => Hostile() ? Length() : (ulong)R.Below(R.OneIn(4) ? 4098 : 65);

        public ulong Timeout() => s_timeouts[R.Below(s_timeouts.Length)];

        public ulong Rights() => Hostile() ? (R.OneIn(2) ? R.Next() : 1UL << (6 + R.Below(40))) : R.Next() & Veridian.Syscalls.Rights.ValidMask;

        public ulong Prot() => Hostile() ? (R.OneIn(2) ? R.Next() : 8UL << R.Below(40)) : (ulong)R.Below(8);

        public ulong MapFlags()
        {
            if (Hostile()) return R.OneIn(2) ? R.Next() : 32UL << R.Below(40);
            ulong f;
            switch (R.Below(4))
            {
                case 0: f = (ulong)Syscalls.MapFlags.Shared; break;
                case 1: f = (ulong)R.Below(32); break;
                default: f = (ulong)(Syscalls.MapFlags.Private | Syscalls.MapFlags.Anonymous); break;
            }
            if (R.OneIn(4)) f |= (ulong)Syscalls.MapFlags.Fixed;
            if (R.OneIn(12)) f |= (ulong)Syscalls.MapFlags.Populate;
            return f;
        }

        /// <summary>A capability token of this process: from the pool (mostly one of type <paramref name="want"/>
        /// when given: a token's tag is its object type, docs/abi.md §4), forged from one, or none.</summary>
        public ulong Cap(ObjectType want = ObjectType.None)
        {
            ulong t = want != ObjectType.None && !R.OneIn(4) ? OfType(want) : Pool.Pick(Pool.Caps, ref R);
            switch (R.Below(12))
            {
                case 0: t = 0; break;
                case 1: t ^= 1UL << R.Below(56); break;                              // index, generation or tag edited
                case 2: t |= 1UL << (56 + R.Below(8)); break;                         // reserved bits
                case 3: t = Pool.Pick(Pool.EndpointCaps, ref R); break;
                case 4: t = R.OneIn(2) ? R.Next() : Pick(); break;                    // any name, any number
            }
            return Pool.Safe(t);
        }

        private ulong OfType(ObjectType want)
        {
            int start = R.Below(Pool.Caps.Length);
            for (int i = 0; i < Pool.Caps.Length; i++)
            {
                ulong t = Pool.Caps[(start + i) % Pool.Caps.Length];
                if (t != 0 && (ObjectType)HandleLayout.Tag(t) == want) return t;
            }
            return Pool.Pick(Pool.Caps, ref R);
        }

        /// <summary>An id or token of the kind <paramref name="pool"/> holds, or of another kind, or forged.</summary>
        public ulong Id(ulong[] pool)
        {
            ulong v = Pool.Pick(pool, ref R);
            switch (R.Below(10))
            {
                case 0: return Pick();
                case 1: return v ^ (1UL << R.Below(48));
                case 2: return R.Next();
                case 3: return 0;
                default: return v;
            }
        }

        // A value from any pool: names used where another kind belongs.
        private ulong Pick()
        {
            switch (R.Below(7))
            {
                case 0: return Pool.Pick(Pool.EndpointIds, ref R);
                case 1: return Pool.Pick(Pool.Channels, ref R);
                case 2: return Pool.Pick(Pool.Pids, ref R);
                case 3: return Pool.Pick(Pool.Tids, ref R);
                case 4: return Pool.Pick(Pool.Replies, ref R);
                case 5: return Pool.Safe(Pool.Pick(Pool.Caps, ref R));
                default: return Space.Garbage(ref R);
            }
        }

        /// <summary>Any argument at all: for numbers the kernel does not have, and for unused argument registers.</summary>
        public ulong Anything()
        {
            switch (R.Below(5))
            {
                case 0: return Length();
                case 1: return Space.In(ref R);
                case 2: return Pick();
                default: return Space.Garbage(ref R);
            }
        }
    }
}
