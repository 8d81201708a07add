namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The local APIC timer: the periodic interrupt behind preemption and the clock. Its rate is
    /// unknown until measured, so it is calibrated against the PIT (channel 2, polled through
    /// port 0x61: no interrupt needed) once at boot, together with the TSC, which then gives
    /// the time in nanoseconds between ticks.
    /// </summary>
    internal static unsafe class LocalApic
    {
        public const byte TimerVector = 32;
        public const byte SpuriousVector = 0xFF;
        public const uint TicksPerSecond = 1000;

        private const uint MsrApicBase = 0x1B;
        private const int RegEoi = 0xB0, RegSpurious = 0xF0, RegLvtTimer = 0x320, RegLvtLint0 = 0x350, RegLvtLint1 = 0x360;
        private const int RegInitialCount = 0x380, RegCurrentCount = 0x390, RegDivide = 0x3E0;
        private const uint Periodic = 1u << 17, Masked = 1u << 16;
        private const uint PitHz = 1193182;
        private const uint CalibrationMs = 10;

        private static byte* s_registers;
        private static ulong s_tscHz;
        private static ulong s_tscAtStart;

        public static ulong TscHz => s_tscHz;

        /// <summary>Enables the APIC, measures it and the TSC against the PIT, starts the periodic tick (interrupts still off).</summary>
        public static void Initialize()
        {
            ulong baseMsr = Native.ReadMsr(MsrApicBase);
            ulong physical = baseMsr & 0x000F_FFFF_FFFF_F000;
            Native.WriteMsr(MsrApicBase, baseMsr | (1UL << 11));      // global enable
            s_registers = (byte*)AddressMap.Virtual(physical);
            DirectMap.MakeUncached(physical);

            Write(RegSpurious, 0x100u | SpuriousVector);               // software enable
            Write(RegLvtLint0, Masked);                                // the legacy PICs stay silent
            Write(RegLvtLint1, 0x400);                                 // NMI
            Write(RegDivide, 0x3);                                     // divide by 16

            // Count both clocks across 10 ms of PIT channel 2.
            Native.OutB(0x61, (byte)((Native.InB(0x61) & 0xFC) | 0x01)); // gate on, speaker off
            Native.OutB(0x43, 0xB0);                                   // channel 2, lo/hi, mode 0
            uint count = PitHz * CalibrationMs / 1000;
            Native.OutB(0x42, (byte)count);
            Native.OutB(0x42, (byte)(count >> 8));
            byte gate = Native.InB(0x61);
            Native.OutB(0x61, (byte)(gate & 0xFE));                    // restart the count
            Native.OutB(0x61, (byte)(gate | 0x01));
            Write(RegInitialCount, 0xFFFF_FFFF);
            ulong tsc0 = Native.ReadTsc();
            while ((Native.InB(0x61) & 0x20) == 0) { }
            ulong tsc1 = Native.ReadTsc();
            uint apicTicks = 0xFFFF_FFFF - Read(RegCurrentCount);

            s_tscHz = (tsc1 - tsc0) * 1000 / CalibrationMs;
            if (s_tscHz == 0) s_tscHz = 1;
            ulong perTick = (ulong)apicTicks * 1000 / CalibrationMs / TicksPerSecond;
            if (perTick == 0) perTick = 1;
            s_tscAtStart = tsc1;
            Write(RegLvtTimer, TimerVector | Periodic);
            Write(RegInitialCount, (uint)perTick);
        }

        public static void EndOfInterrupt() => Write(RegEoi, 0);

        /// <summary>Nanoseconds since the timer started, from the TSC.</summary>
        public static ulong NowNanoseconds()
        {
            ulong delta = Native.ReadTsc() - s_tscAtStart;
            return delta / s_tscHz * 1_000_000_000UL + delta % s_tscHz * 1_000_000_000UL / s_tscHz;
        }

        private static void Write(int register, uint value) => *(uint*)(s_registers + register) = value;
        private static uint Read(int register) => *(uint*)(s_registers + register);
    }
}
