using System;

namespace Veridian.Kernel.Console
{
    /// <summary>
    /// The kernel's console: every line goes to each attached sink (serial and screen).
    /// Numbers are printed by hand because the kernel has no string formatting.
    /// </summary>
    public static class KernelConsole
    {
        private const int MaxSinks = 4;
        private static readonly TextSink[] s_sinks = new TextSink[MaxSinks];
        private static int s_count;

        public static void Attach(TextSink sink)
        {
            if (s_count < MaxSinks) s_sinks[s_count++] = sink;
        }

        public static void DetachAll()
        {
            for (int i = 0; i < s_count; i++) s_sinks[i] = null;
            s_count = 0;
        }

        public static void Write(char c)
        {
            for (int i = 0; i < s_count; i++) s_sinks[i].Write(c);
        }

        public static void Write(string text)
        {
            if (text == null) return;
            for (int i = 0; i < text.Length; i++) Write(text[i]);
        }

        /// <summary>Bytes from the outside world (boot loader, user programs): printable ASCII,
        /// newlines, tabs and carriage returns (a line editor redraws its line with them);
        /// anything else (escape sequences included) prints as '?'.</summary>
        public static void WriteAscii(ReadOnlySpan<byte> text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                byte b = text[i];
                Write((b >= 0x20 && b < 0x7F) || b == (byte)'\n' || b == (byte)'\t' || b == (byte)'\r' ? (char)b : '?');
            }
        }

        public static void WriteLine() => Write('\n');

        public static void WriteLine(string text)
        {
            Write(text);
            Write('\n');
        }

        public static void WriteDecimal(ulong value)
        {
            Span<char> digits = stackalloc char[20];
            int n = NumberFormat.FormatDecimal(value, digits);
            for (int i = 0; i < n; i++) Write(digits[i]);
        }

        public static void WriteSigned(long value)
        {
            if (value < 0)
            {
                Write('-');
                WriteDecimal((ulong)(-(value + 1)) + 1);
            }
            else
            {
                WriteDecimal((ulong)value);
            }
        }

        /// <summary>0x-prefixed hexadecimal, padded to <paramref name="minDigits"/>.</summary>
        public static void WriteHex(ulong value, int minDigits = 1)
        {
            Span<char> digits = stackalloc char[16];
            int n = NumberFormat.FormatHex(value, minDigits, digits);
            Write('0');
            Write('x');
            for (int i = 0; i < n; i++) Write(digits[i]);
        }
    }
}
