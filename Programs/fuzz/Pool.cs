namespace Veridian.Programs
{
    /// <summary>
    /// What a fuzz process has obtained and may name in its calls, shared by its threads: tokens,
    /// ids, reply tokens and the mappings it made. Slots are overwritten at random (no locks: a
    /// value is one 64-bit store), so names go stale on their own and stale names get used too.
    /// The capabilities the process was started with are never in here (<see cref="Protect"/>):
    /// the pool holds derivatives of them, so revoking from the pool cannot take the console, the
    /// control page or the originals the pool is refilled from.
    /// </summary>
    internal static class Pool
    {
        public static readonly ulong[] Caps = new ulong[48];
        // Pairs: an endpoint and a capability to it; a channel and a capability to one of its ends.
        public static readonly ulong[] EndpointIds = new ulong[16], EndpointCaps = new ulong[16];
        public static readonly ulong[] Channels = new ulong[16], ChannelCaps = new ulong[16];
        public static readonly ulong[] Pids = new ulong[16];
        public static readonly ulong[] Tids = new ulong[32];
        public static readonly ulong[] Replies = new ulong[16];
        // Mappings this process made with SYS_MMAP: the only ranges besides the arena it unmaps or re-protects.
        public static readonly ulong[] MapAddr = new ulong[32], MapLen = new ulong[32];

        private static readonly ulong[] s_protected = new ulong[16];
        private static int s_protectedCount;

        public static void Protect(ulong token)
        {
            if (s_protectedCount < s_protected.Length) s_protected[s_protectedCount++] = token;
        }

        /// <summary>A token the fuzzer may pass anywhere: never one of the protected ones (a forged token could equal one).</summary>
        public static ulong Safe(ulong token)
        {
            for (int i = 0; i < s_protectedCount; i++)
                if (s_protected[i] == token) return token ^ (1UL << 16);    // same slot, another generation: stale
            return token;
        }

        public static void Put(ulong[] into, ulong value, ref Rng r)
        {
            if (value != 0) into[r.Below(into.Length)] = value;
        }

        public static ulong Pick(ulong[] from, ref Rng r) => from[r.Below(from.Length)];

        /// <summary>The index of a slot in use, from a random start (any slot if none is).</summary>
        public static int Used(ulong[] from, ref Rng r)
        {
            int start = r.Below(from.Length);
            for (int i = 0; i < from.Length; i++)
                if (from[(start + i) % from.Length] != 0) return (start + i) % from.Length;
            return start;
        }

        public static void Remove(ulong[] from, ulong value)
        {
            for (int i = 0; i < from.Length; i++)
                if (from[i] == value) from[i] = 0;
        }

        public static void PutPair(ulong[] a, ulong[] b, ulong va, ulong vb, ref Rng r)
        {
            int i = r.Below(a.Length);
            a[i] = va;
            b[i] = vb;
        }
    }
}
