namespace Veridian.Kernel.Console
{
    /// <summary>
    /// Text on a linear RGB framebuffer (what UEFI gives: there is no text mode), drawn with a
    /// PF2 bitmap font. 32- and 24-bit pixels; colour channel positions come from the boot loader.
    /// </summary>
    public sealed unsafe class FramebufferConsole : TextSink
    {
        private readonly byte* _pixels;
        private readonly int _pitch, _bytesPerPixel;
        private readonly Pf2Font _font;
        private readonly uint _foreground;
        private readonly int _columns, _rows;
        private int _column, _row;

        public FramebufferConsole(byte* pixels, uint pitch, uint width, uint height, uint bitsPerPixel,
                                  int redShift, int greenShift, int blueShift, Pf2Font font)
        {
            _pixels = pixels;
            _pitch = (int)pitch;
            _bytesPerPixel = (int)bitsPerPixel / 8;
            _font = font;
            _foreground = (0xC0u << redShift) | (0xC0u << greenShift) | (0xC0u << blueShift);  // light grey
            _columns = (int)width / font.CellWidth;
            _rows = (int)height / font.CellHeight;
            ClearRows(0, _rows);
        }

        public int Columns => _columns;
        public int Rows => _rows;

        public static bool Supports(uint bitsPerPixel) => bitsPerPixel == 32 || bitsPerPixel == 24;

        public override void Write(char c)
        {
            if (_columns == 0 || _rows == 0) return;
            if (c == '\n') { NewLine(); return; }
            if (c == '\r') { _column = 0; return; }
            if (c == '\t') { do Write(' '); while (_column % 8 != 0); return; }
            if (_column >= _columns) NewLine();
            DrawCell(_column, _row, c);
            _column++;
        }

        private void DrawCell(int column, int row, char c)
        {
            int cellX = column * _font.CellWidth, cellY = row * _font.CellHeight;
            for (int y = 0; y < _font.CellHeight; y++)
                for (int x = 0; x < _font.CellWidth; x++)
                    Plot(cellX + x, cellY + y, 0);
            // A character the font lacks (the boot font is ASCII) shows as '?', not as a blank.
            if (c == ' ') return;
            if (!_font.TryGetGlyph(c, out Glyph g) && !_font.TryGetGlyph('?', out g)) return;
            int top = cellY + _font.Ascent - g.Height - g.OffsetY;
            for (int y = 0; y < g.Height; y++)
                for (int x = 0; x < g.Width; x++)
                {
                    int px = cellX + g.OffsetX + x, py = top + y;
                    if (g.IsSet(x, y) && px >= cellX && px < cellX + _font.CellWidth && py >= cellY && py < cellY + _font.CellHeight)
                        Plot(px, py, _foreground);
                }
        }

        private void Plot(int x, int y, uint color)
        {
            byte* p = _pixels + y * _pitch + x * _bytesPerPixel;
            if (_bytesPerPixel == 4) *(uint*)p = color;
            else { p[0] = (byte)color; p[1] = (byte)(color >> 8); p[2] = (byte)(color >> 16); }
        }

        private void NewLine()
        {
            _column = 0;
            if (++_row < _rows) return;
            // Scroll one text row: move pixel rows up a word at a time.
            int rowBytes = _pitch * _font.CellHeight;
            ulong* dst = (ulong*)_pixels;
            ulong* src = (ulong*)(_pixels + rowBytes);
            long words = (long)rowBytes * (_rows - 1) / 8;
            for (long i = 0; i < words; i++) dst[i] = src[i];
            _row = _rows - 1;
            ClearRows(_row, 1);
        }

        private void ClearRows(int first, int count)
        {
            byte* start = _pixels + first * _font.CellHeight * _pitch;
            long bytes = (long)count * _font.CellHeight * _pitch;
            for (long i = 0; i < bytes; i++) start[i] = 0;
        }
    }
}
