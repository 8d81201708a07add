namespace System
{
    /// <summary>
    /// Only what ILC's helper table names (checked conversions and multiplies, 32-bit-target
    /// division helpers). Kernel code itself does not use Math (docs/kernel-code-rules.md).
    /// </summary>
    public static class Math
    {
        internal static int ConvertToInt32Checked(double v)
        {
            if (!(v > -2147483649.0 && v < 2147483648.0)) throw new OverflowException();
            return (int)v;
        }

        internal static uint ConvertToUInt32Checked(double v)
        {
            if (!(v > -1.0 && v < 4294967296.0)) throw new OverflowException();
            return (uint)v;
        }

        internal static long ConvertToInt64Checked(double v)
        {
            if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) throw new OverflowException();
            return (long)v;
        }

        internal static ulong ConvertToUInt64Checked(double v)
        {
            if (!(v > -1.0 && v < 18446744073709551616.0)) throw new OverflowException();
            return (ulong)v;
        }

        internal static long MultiplyChecked(long a, long b)
        {
            long r = unchecked(a * b);
            if (a != 0 && (r / a != b || (a == -1 && b == long.MinValue))) throw new OverflowException();
            return r;
        }

        internal static ulong MultiplyChecked(ulong a, ulong b)
        {
            ulong r = unchecked(a * b);
            if (a != 0 && r / a != b) throw new OverflowException();
            return r;
        }

        internal static int DivInt32(int a, int b) => a / b;
        internal static uint DivUInt32(uint a, uint b) => a / b;
        internal static long DivInt64(long a, long b) => a / b;
        internal static ulong DivUInt64(ulong a, ulong b) => a / b;
        internal static int ModInt32(int a, int b) => a % b;
        internal static uint ModUInt32(uint a, uint b) => a % b;
        internal static long ModInt64(long a, long b) => a % b;
        internal static ulong ModUInt64(ulong a, ulong b) => a % b;
    }
}
