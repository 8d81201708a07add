using System;

namespace Veridian.Kernel.Console
{
    /// <summary>Integer to text without a base library.</summary>
    public static class NumberFormat
    {
        /// <returns>The number of characters written to <paramref name="output"/> (at most 20).</returns>
        public static int FormatDecimal(ulong value, Span<char> output)
        {
            Span<char> reversed = stackalloc char[20];
            int n = 0;
            do
            {
                reversed[n++] = (char)('0' + (int)(value % 10));
                value /= 10;
            } while (value != 0);
            for (int i = 0; i < n; i++) output[i] = reversed[n - 1 - i];
            return n;
        }

        /// <returns>The number of hex digits written (at least <paramref name="minDigits"/>, at most 16).</returns>
        public static int FormatHex(ulong value, int minDigits, Span<char> output)
        {
            int n = 16;
            while (n > 1 && n > minDigits && (value >> ((n - 1) * 4)) == 0) n--;
            for (int i = 0; i < n; i++)
            {
                int nibble = (int)((value >> ((n - 1 - i) * 4)) & 0xF);
                output[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            }
            return n;
        }
    }
}
