namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Protections the CPU offers against kernel mistakes, switched on where present:
    /// SMEP (the kernel never executes a user page) and SMAP (the kernel never reads or writes
    /// a user page: it reaches user memory through the frames' direct-map addresses, so no
    /// code path needs stac/clac, and a stray use of a user pointer is a kernel fault).
    /// UMIP stops ring 3 from reading descriptor-table addresses with sgdt/sidt.
    /// </summary>
    internal static unsafe class CpuFeatures
    {
        private const uint Cr4Umip = 1u << 11, Cr4Smep = 1u << 20, Cr4Smap = 1u << 21;

        public static bool Smep { get; private set; }
        public static bool Smap { get; private set; }

        public static void EnableProtections()
        {
            // CR0.AM: a ring-3 program that sets RFLAGS.AC gets #AC for misaligned accesses
            // (reported as a protection fault); ring 0 is never alignment-checked.
            Native.WriteCr0(Native.ReadCr0() | (1UL << 18));
            uint* regs = stackalloc uint[4];
            Native.Cpuid(0, 0, regs);
            if (regs[0] < 7) return;
            Native.Cpuid(7, 0, regs);
            ulong cr4 = Native.ReadCr4();
            Smep = (regs[1] & (1u << 7)) != 0;
            Smap = (regs[1] & (1u << 20)) != 0;
            if (Smep) cr4 |= Cr4Smep;
            if (Smap) cr4 |= Cr4Smap;
            if ((regs[2] & (1u << 2)) != 0) cr4 |= Cr4Umip;
            Native.WriteCr4(cr4);
        }
    }
}
