namespace Veridian.Programs
{
    /// <summary>
    /// splitmix64: one stream per fuzz thread, from the seed, the process and the thread, so a
    /// seed replays the same calls per thread (their interleaving follows the timer).
    /// </summary>
    internal struct Rng
    {
        private ulong _state;

        public Rng(ulong seed, ulong process, ulong thread)
        {
            _state = seed * 0x9E3779B97F4A7C15UL ^ (process + 1) * 0xBF58476D1CE4E5B9UL ^ (thread + 1) * 0x94D049BB133111EBUL;
        }

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>0 .. n-1.</summary>
        public int Below(int n) => (int)(Next() % (ulong)n);

        /// <summary>True one time in <paramref name="n"/>.</summary>
        public bool OneIn(int n) => Next() % (ulong)n == 0;
    }
}
