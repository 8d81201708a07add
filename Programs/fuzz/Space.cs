using Veridian.Syscalls;

namespace Veridian.Programs
{
    /// <summary>
    /// Where a fuzz process's memory is and which of it the fuzz calls may hurt. The rule that
    /// keeps the fuzzer from ending itself: the kernel may *write* (out pointers, received
    /// messages) only into the arena, whose last page is followed by an inaccessible guard page,
    /// and ranges may be unmapped or re-protected only inside the arena or a mapping the fuzzer
    /// itself made with SYS_MMAP. Everything else — its code, data, stacks, heap, the control
    /// page — the kernel may only read. <see cref="Garbage"/> values are never user addresses
    /// (below the 64 KiB null guard or at and above 2^47), so they are safe anywhere.
    /// </summary>
    internal static unsafe class Space
    {
        public const ulong ArenaBase = 0x5000_0000_0000;
        public const ulong ArenaSize = 1 << 20;
        public const ulong ArenaEnd = ArenaBase + ArenaSize;
        /// <summary>Nothing is mapped here unless a fuzz call put it there.</summary>
        public const ulong Unmapped = 0x6000_0000_0000;

        public static ulong ImageAddr, ImageSize;   // the fuzzer's own ELF image, mapped read-only
        public static ulong DataAddr;               // a writable, non-executable array of the fuzzer: the kernel only reads it
        public static ulong StubEntry;              // fuzz_exit_thread (stub.asm)

        private static readonly ulong[] s_garbage =
        {
            0, 1, 8, 0xFFF, 0x1000, 0xFFFF, Abi.UserEnd, Abi.UserEnd | 0xFFF, 0xFFFF_8000_0000_0000,
            0xFFFF_FFFF_8010_0000, 0xFFFF_FFFF_FFFF_F000, ulong.MaxValue, 1UL << 63, (1UL << 32) | Abi.UserEnd,
        };

        public static ulong Garbage(ref Rng r)
        {
            int k = r.Below(s_garbage.Length + 3);
            if (k < s_garbage.Length) return s_garbage[k];
            if (k == s_garbage.Length) return r.Next() & 0xFFFF;               // at most the null guard
            return r.Next() | (1UL << (47 + r.Below(17)));                   // non-canonical or kernel half
        }

        /// <summary>Anywhere in the arena: page-aligned, a few bytes into a page, or in its last bytes.</summary>
        public static ulong Arena(ref Rng r)
        {
            ulong page = ArenaBase + (ulong)r.Below((int)(ArenaSize / Abi.PageSize)) * Abi.PageSize;
            switch (r.Below(4))
            {
                case 0: return page;
                case 1: return page + (ulong)r.Below(4096);
                case 2: return ArenaEnd - 1 - (ulong)r.Below(64);             // runs into the guard page
                default: return page + ((ulong)r.Below(512) << 3);
            }
        }

        /// <summary>Where the kernel may write.</summary>
        public static ulong Out(ref Rng r)
        {
            switch (r.Below(8))
            {
                case 0: return Garbage(ref r);
                case 1: return ImageAddr + (ulong)r.Below((int)ImageSize);   // read-only: refused
                case 2: return Unmapped + (ulong)r.Below(1 << 20);
                default: return Arena(ref r);
            }
        }

        /// <summary>Where the kernel may read.</summary>
        public static ulong In(ref Rng r)
        {
            switch (r.Below(10))
            {
                case 0: return Garbage(ref r);
                case 1: return ImageAddr + (ulong)r.Below((int)ImageSize);
                case 2: return DataAddr + (ulong)r.Below(4096);
                case 3: return Unmapped + (ulong)r.Below(1 << 20);
                case 4: return ImageAddr + ImageSize - (ulong)r.Below(64);    // straddles the image's end
                default: return Arena(ref r);
            }
        }
    }
}
