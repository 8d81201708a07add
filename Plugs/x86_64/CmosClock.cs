namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The battery-backed real-time clock (CMOS, ports 0x70/0x71), read once at boot to give
    /// SYS_CLOCK_GET(REALTIME) its epoch. Waits out an update in progress and reads twice
    /// until two reads agree; handles BCD and 12-hour modes. The RTC keeps UTC on the
    /// machines this kernel targets (QEMU's default, VMware's for non-Windows guests).
    /// </summary>
    internal static class CmosClock
    {
        public static ulong NanosecondsSinceEpoch()
        {
            ulong first, second;
            do
            {
                first = ReadOnce();
                second = ReadOnce();
            } while (first != second);
            return first * 1_000_000_000UL;
        }

        private static ulong ReadOnce()
        {
            while ((Read(0x0A) & 0x80) != 0) { }                 // update in progress
            byte status = Read(0x0B);
            bool binary = (status & 0x04) != 0, twentyFour = (status & 0x02) != 0;
            ulong second = Value(Read(0x00), binary), minute = Value(Read(0x02), binary);
            byte rawHour = Read(0x04);
            ulong hour = Value((byte)(rawHour & 0x7F), binary);
            if (!twentyFour)
            {
                if (hour == 12) hour = 0;
                if ((rawHour & 0x80) != 0) hour += 12;
            }
            ulong day = Value(Read(0x07), binary), month = Value(Read(0x08), binary), year = 2000 + Value(Read(0x09), binary);
            return DaysSinceEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
        }

        // Days from 1970-01-01 to the given civil date (proleptic Gregorian).
        private static ulong DaysSinceEpoch(ulong year, ulong month, ulong day)
        {
            if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
            long y = (long)year - (month <= 2 ? 1 : 0);
            long era = y / 400;
            long yoe = y - era * 400;
            long m = (long)month;
            long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + (long)day - 1;
            long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            return (ulong)(era * 146097 + doe - 719468);
        }

        private static ulong Value(byte raw, bool binary) => binary ? raw : (ulong)((raw >> 4) * 10 + (raw & 0x0F));

        private static byte Read(byte register)
        {
            Native.OutB(0x70, register);
            return Native.InB(0x71);
        }
    }
}
