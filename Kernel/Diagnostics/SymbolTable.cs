using System;

namespace Veridian.Kernel.Diagnostics
{
    /// <summary>
    /// Address → name for panics. The build writes `kernel.sym` (from `nm -n`) and GRUB loads
    /// it as a boot module: lines of "hexaddress name", ascending. Parsing indexes the lines
    /// once; lookups are binary searches.
    /// </summary>
    public sealed class SymbolTable
    {
        private readonly byte[] _text;
        private readonly ulong[] _addresses;
        private readonly int[] _nameStart;
        private readonly int[] _nameLength;

        public int Count => _addresses.Length;

        private SymbolTable(byte[] text, int count)
        {
            _text = text;
            _addresses = new ulong[count];
            _nameStart = new int[count];
            _nameLength = new int[count];
        }

        /// <summary>Parses the table; lines that are not "hex name" are skipped.</summary>
        public static SymbolTable Parse(ReadOnlySpan<byte> source)
        {
            byte[] text = source.ToArray();
            var table = new SymbolTable(text, ForEachLine(text, null));
            ForEachLine(text, table);
            return table;
        }

        private static int ForEachLine(byte[] text, SymbolTable fill)
        {
            int count = 0, i = 0;
            while (i < text.Length)
            {
                int lineStart = i;
                while (i < text.Length && text[i] != (byte)'\n') i++;
                int lineEnd = i++;
                ulong address = 0;
                int p = lineStart, digits = 0;
                for (; p < lineEnd && HexValue(text[p]) >= 0; p++, digits++)
                    address = (address << 4) | (uint)HexValue(text[p]);
                if (digits == 0 || digits > 16 || p >= lineEnd || text[p] != (byte)' ' || p + 1 >= lineEnd) continue;
                if (fill != null)
                {
                    if (count > 0 && address < fill._addresses[count - 1]) return -1; // not sorted
                    fill._addresses[count] = address;
                    fill._nameStart[count] = p + 1;
                    fill._nameLength[count] = lineEnd - p - 1;
                }
                count++;
            }
            return count;
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9') return c - '0';
            if (c >= (byte)'a' && c <= (byte)'f') return c - 'a' + 10;
            if (c >= (byte)'A' && c <= (byte)'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>The symbol at or below <paramref name="address"/>: its index, or -1.</summary>
        public int Lookup(ulong address, out ulong offset)
        {
            offset = 0;
            int lo = 0, hi = _addresses.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = lo + (hi - lo) / 2;
                if (_addresses[mid] <= address) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found >= 0) offset = address - _addresses[found];
            return found;
        }

        public ReadOnlySpan<byte> Name(int index) => new ReadOnlySpan<byte>(_text, _nameStart[index], _nameLength[index]);
        public ulong Address(int index) => _addresses[index];
    }
}
