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

        /// <summary>
        /// What user programs write (SYS_WRITE on the console): UTF-8. Each character of the Basic
        /// Multilingual Plane goes to the sinks (serial re-encodes it, the screen draws it or '?');
        /// control characters other than newline, tab and carriage return, invalid or truncated
        /// sequences and characters beyond U+FFFF print as '?', so no program can send escape
        /// sequences to the terminal.
        /// </summary>
        public static void WriteUtf8(ReadOnlySpan<byte> text)
        {
            for (int i = 0; i < text.Length;)
            {
                i += DecodeUtf8(text, i, out char c);
                Write(c);
            }
        }

        /// <summary>The character at <paramref name="at"/> as <see cref="WriteUtf8"/> prints it, and how many bytes it took (at least 1).</summary>
        public static int DecodeUtf8(ReadOnlySpan<byte> text, int at, out char c)
        {
            byte b = text[at];
            if (b < 0x80)
            {
                c = (b >= 0x20 && b < 0x7F) || b == (byte)'\n' || b == (byte)'\t' || b == (byte)'\r' ? (char)b : '?';
                return 1;
            }
            int length = b >= 0xF8 ? 0 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
            int code = length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
            bool valid = length > 0 && at + length <= text.Length;
            for (int k = 1; valid && k < length; k++)
            {
                valid = (text[at + k] & 0xC0) == 0x80;
                code = (code << 6) | (text[at + k] & 0x3F);
            }
            int minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            // Overlong forms, surrogates, C1 controls and anything beyond the BMP are not printed as such.
            valid = valid && code >= minimum && code >= 0xA0 && code <= 0xFFFF && (code < 0xD800 || code > 0xDFFF);
            c = valid ? (char)code : '?';
            return valid ? length : 1;
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
