using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// Non-cryptographic random bytes (hash seeds, Random's seed): xorshift64* seeded from the
    /// time-stamp counter at first use.
    /// </summary>
    internal static unsafe class Random
    {
        private static ulong s_state;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_rdtsc")]
        private static extern ulong Rdtsc();

        public static void Fill(byte* buffer, int length)
        {
            if (s_state == 0) s_state = Rdtsc() | 1;
            for (int i = 0; i < length; i++)
            {
                s_state ^= s_state >> 12;
                s_state ^= s_state << 25;
                s_state ^= s_state >> 27;
                buffer[i] = (byte)((s_state * 0x2545F4914F6CDD1DUL) >> 56);
            }
        }
    }
}
