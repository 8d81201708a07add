using System;

namespace Veridian.Kernel.Boot
{
    /// <summary>
    /// The kernel command line: words separated by spaces, each either a flag (`selftest`)
    /// or `name=value` (`panic=fault`).
    /// </summary>
    public static class CommandLine
    {
        public static bool HasFlag(ReadOnlySpan<byte> line, string flag)
        {
            int i = 0;
            while (NextWord(line, ref i, out int start, out int length))
                if (Equals(line.Slice(start, length), flag)) return true;
            return false;
        }

        /// <summary>The value of `name=value`, or an empty span when absent.</summary>
        public static ReadOnlySpan<byte> GetValue(ReadOnlySpan<byte> line, string name)
        {
            int i = 0;
            while (NextWord(line, ref i, out int start, out int length))
            {
                var word = line.Slice(start, length);
                if (word.Length > name.Length && word[name.Length] == (byte)'=' && Equals(word.Slice(0, name.Length), name))
                    return word.Slice(name.Length + 1);
            }
            return ReadOnlySpan<byte>.Empty;
        }

        public static bool Equals(ReadOnlySpan<byte> text, string expected)
        {
            if (text.Length != expected.Length) return false;
            for (int i = 0; i < text.Length; i++)
                if (text[i] != expected[i]) return false;
            return true;
        }

        private static bool NextWord(ReadOnlySpan<byte> line, ref int i, out int start, out int length)
        {
            while (i < line.Length && line[i] == (byte)' ') i++;
            start = i;
            while (i < line.Length && line[i] != (byte)' ') i++;
            length = i - start;
            return length > 0;
        }
    }
}
