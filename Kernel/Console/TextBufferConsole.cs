namespace Veridian.Kernel.Console
{
    /// <summary>
    /// The screen console on an EGA/VGA text buffer (multiboot2 framebuffer type 2, when a boot
    /// loader leaves text mode): cells of character + attribute, scrolled by hand.
    /// </summary>
    public sealed unsafe class TextBufferConsole : TextSink
    {
        private const byte Attribute = 0x0A;     // light green on black
        private readonly ushort* _cells;
        private readonly int _width, _height, _pitchCells;
        private int _column, _row;

        public TextBufferConsole(ulong address, uint width, uint height, uint pitchBytes)
        {
            _cells = (ushort*)address;
            _width = (int)width;
            _height = (int)height;
            _pitchCells = (int)(pitchBytes / 2);
            for (int r = 0; r < _height; r++) ClearRow(r);
        }

        public override void Write(char c)
        {
            if (c == '\n') { NewLine(); return; }
            if (c == '\r') { _column = 0; return; }
            if (_column >= _width) NewLine();
            _cells[_row * _pitchCells + _column] = (ushort)((Attribute << 8) | (c < 0x80 ? c : '?'));
            _column++;
        }

        private void NewLine()
        {
            _column = 0;
            if (++_row < _height) return;
            for (int r = 1; r < _height; r++)
                for (int col = 0; col < _width; col++)
                    _cells[(r - 1) * _pitchCells + col] = _cells[r * _pitchCells + col];
            _row = _height - 1;
            ClearRow(_row);
        }

        private void ClearRow(int r)
        {
            for (int col = 0; col < _width; col++) _cells[r * _pitchCells + col] = (ushort)((Attribute << 8) | ' ');
        }
    }
}
