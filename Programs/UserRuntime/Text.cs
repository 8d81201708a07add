using System;
using System.Runtime.CompilerServices;
using Veridian.Runtime;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// Strings without a formatting library: building a string from bytes (the kernel's strings
    /// are byte arrays with a length, docs/abi.md section 10), and the few operations programs need.
    /// Non-ASCII bytes are widened as Latin-1 (no UTF-8 decoding yet).
    /// </summary>
    public static unsafe class Text
    {
        /// <summary>A new string with the given bytes as characters.</summary>
        public static string FromBytes(byte* bytes, int length)
        {
            string s = Allocate(length);
            fixed (char* chars = s)
            {
                char* c = chars;
                for (int i = 0; i < length; i++) c[i] = (char)bytes[i];
            }
            return s;
        }

        public static string FromBytes(ReadOnlySpan<byte> bytes)
        {
            fixed (byte* p = bytes) return FromBytes(p, bytes.Length);
        }

        /// <summary>The characters as bytes (non-ASCII becomes '?'), in a new array.</summary>
        public static byte[] ToBytes(string s)
        {
            var bytes = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) bytes[i] = s[i] < 128 ? (byte)s[i] : (byte)'?';
            return bytes;
        }

        public static string Substring(string s, int start, int length)
        {
            if (start < 0 || length < 0 || start > s.Length - length) throw new ArgumentOutOfRangeException("start");
            string r = Allocate(length);
            fixed (char* dst = r)
            {
                char* d = dst;
                for (int i = 0; i < length; i++) d[i] = s[start + i];
            }
            return r;
        }

        public static int IndexOf(string s, char c, int start)
        {
            for (int i = start; i < s.Length; i++)
                if (s[i] == c) return i;
            return -1;
        }

        public static bool StartsWith(string s, string prefix)
        {
            if (s.Length < prefix.Length) return false;
            for (int i = 0; i < prefix.Length; i++)
                if (s[i] != prefix[i]) return false;
            return true;
        }

        /// <summary>True if <paramref name="word"/> appears in <paramref name="s"/> delimited by spaces or the ends.</summary>
        public static bool ContainsWord(string s, string word)
        {
            int i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && s[i] == ' ') i++;
                int start = i;
                while (i < s.Length && s[i] != ' ') i++;
                if (i - start == word.Length && Same(s, start, word)) return true;
            }
            return false;
        }

        private static bool Same(string s, int start, string word)
        {
            for (int k = 0; k < word.Length; k++)
                if (s[start + k] != word[k]) return false;
            return true;
        }

        /// <summary>The decimal digits of <paramref name="value"/> as a new string.</summary>
        public static string Decimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[19 - n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            return FromBytes(digits + 20 - n, n);
        }

        /// <summary>a followed by b, in a new string (there is no string + in the freestanding runtime).</summary>
        public static string Concat(string a, string b)
        {
            string r = Allocate(a.Length + b.Length);
            fixed (char* dst = r)
            {
                char* d = dst;
                for (int i = 0; i < a.Length; i++) d[i] = a[i];
                for (int i = 0; i < b.Length; i++) d[a.Length + i] = b[i];
            }
            return r;
        }

        /// <summary>A non-negative decimal number, or -1 if <paramref name="s"/>[start..end) is not one.</summary>
        public static long ParseDecimal(string s, int start, int end)
        {
            if (start >= end) return -1;
            long value = 0;
            for (int i = start; i < end; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9' || value > (long.MaxValue - 9) / 10) return -1;
                value = value * 10 + (c - '0');
            }
            return value;
        }

        // A string object of `length` characters: the frozen literals' MethodTable, the heap,
        // and the layout ILC requires (MethodTable*, int _stringLength, char _firstChar...).
        private static string Allocate(int length)
        {
            if (length < 0) throw new OverflowException();
            nint type = Allocator.TypeOf("");
            uint baseSize = *(uint*)(type + 4);
            ulong size = (baseSize + (ulong)length * 2 + 7) & ~7UL;
            byte* obj = (byte*)UserHeap.Allocate(size);
            if (obj == null) throw new OutOfMemoryException();
            *(nint*)obj = type;
            *(int*)(obj + sizeof(nint)) = length;
            return Unsafe.As<IntPtr, string>(ref *(IntPtr*)&obj);
        }
    }
}
