using System;

namespace Veridian.Kernel.Console
{
    /// <summary>
    /// A bitmap font in GRUB's PF2 format (GRUB ships /usr/share/grub/ascii.pf2; the ISO loads
    /// it as a boot module). Sections are a 4-byte name and a big-endian length; CHIX indexes
    /// glyphs by code point; each glyph is width, height, x/y offset, advance (big-endian
    /// 16-bit) and then width×height bits, row-major, most significant bit first.
    /// Only code points below 128 are indexed: the console is ASCII.
    /// </summary>
    public sealed class Pf2Font
    {
        private readonly byte[] _data;
        private readonly int[] _glyphOffset = new int[128];

        public int Ascent { get; private set; }
        public int Descent { get; private set; }
        public int CellWidth { get; private set; }
        public int CellHeight => Ascent + Descent;

        private Pf2Font(byte[] data) { _data = data; }

        /// <summary>Parses the font; null when it is not a well-formed PF2 file.</summary>
        public static Pf2Font Parse(ReadOnlySpan<byte> file)
        {
            var font = new Pf2Font(file.ToArray());
            return font.Index() ? font : null;
        }

        private bool Index()
        {
            byte[] d = _data;
            if (d.Length < 12 || !Name(d, 0, "FILE") || !Name(d, 8, "PFF2")) return false;
            int at = 0;
            bool haveIndex = false;
            while (at + 8 <= d.Length)
            {
                uint length = U32(d, at + 4);
                int body = at + 8;
                if (Name(d, at, "DATA")) break;                         // glyph data runs to the end
                if (length > (uint)(d.Length - body)) return false;
                if (Name(d, at, "ASCE") && length >= 2) Ascent = U16(d, body);
                if (Name(d, at, "DESC") && length >= 2) Descent = U16(d, body);
                if (Name(d, at, "CHIX"))
                {
                    haveIndex = true;
                    for (int e = body; e + 9 <= body + (int)length; e += 9)
                    {
                        uint codePoint = U32(d, e);
                        uint offset = U32(d, e + 5);
                        if (codePoint < 128 && offset + 10 <= (uint)d.Length) _glyphOffset[codePoint] = (int)offset;
                    }
                }
                at = body + (int)length;
            }
            if (!haveIndex || Ascent <= 0 || Ascent + Descent > 64) return false;
            CellWidth = _glyphOffset['M'] != 0 ? U16(d, _glyphOffset['M'] + 8) : 8;
            return CellWidth > 0 && CellWidth <= 32;
        }

        /// <summary>Draws <paramref name="c"/> by calling back for each set pixel (x, y relative to the cell).</summary>
        public bool TryGetGlyph(char c, out Glyph glyph)
        {
            glyph = default;
            int offset = c < 128 ? _glyphOffset[c] : 0;
            if (offset == 0) offset = _glyphOffset['?'];
            if (offset == 0) return false;
            int width = U16(_data, offset), height = U16(_data, offset + 2);
            int bytes = (width * height + 7) / 8;
            if (offset + 10 + bytes > _data.Length || width > 64 || height > 64) return false;
            glyph = new Glyph(_data, offset + 10, width, height, (short)U16(_data, offset + 4), (short)U16(_data, offset + 6));
            return true;
        }

        private static bool Name(byte[] d, int at, string name)
        {
            for (int i = 0; i < 4; i++)
                if (d[at + i] != name[i]) return false;
            return true;
        }

        private static uint U32(byte[] d, int at) => (uint)(d[at] << 24 | d[at + 1] << 16 | d[at + 2] << 8 | d[at + 3]);
        private static int U16(byte[] d, int at) => d[at] << 8 | d[at + 1];
    }

    /// <summary>One glyph's bitmap and placement (offsets relative to the baseline).</summary>
    public readonly struct Glyph
    {
        private readonly byte[] _data;
        private readonly int _start;
        public readonly int Width, Height, OffsetX, OffsetY;

        internal Glyph(byte[] data, int start, int width, int height, int offsetX, int offsetY)
        {
            _data = data;
            _start = start;
            Width = width;
            Height = height;
            OffsetX = offsetX;
            OffsetY = offsetY;
        }

        public bool IsSet(int x, int y)
        {
            int bit = y * Width + x;
            return (_data[_start + bit / 8] & (0x80 >> (bit % 8))) != 0;
        }
    }
}
