using Veridian.Kernel.Console;

namespace Veridian.Plugs.X64
{
    /// <summary>A 16550 UART on COM1 at 115200 baud, 8N1, polled (no interrupts yet).</summary>
    public sealed class SerialPort : TextSink
    {
        public const ushort Com1 = 0x3F8;
        private readonly ushort _base;

        public SerialPort(ushort basePort) { _base = basePort; }

        /// <summary>Programs the UART. Static so the earliest boot code can print before `new` works.</summary>
        public static void Initialize(ushort port)
        {
            Native.OutB((ushort)(port + 1), 0x00);   // no interrupts
            Native.OutB((ushort)(port + 3), 0x80);   // DLAB on
            Native.OutB((ushort)(port + 0), 0x01);   // divisor 1 = 115200 baud
            Native.OutB((ushort)(port + 1), 0x00);
            Native.OutB((ushort)(port + 3), 0x03);   // 8 bits, no parity, one stop bit
            Native.OutB((ushort)(port + 2), 0xC7);   // FIFO on, cleared, 14-byte threshold
            Native.OutB((ushort)(port + 4), 0x03);   // DTR, RTS
        }

        public static void WriteRaw(ushort port, char c)
        {
            if (c == '\n') WriteRaw(port, '\r');
            for (int spins = 0; spins < 100000 && (Native.InB((ushort)(port + 5)) & 0x20) == 0; spins++)
                Native.Pause();
            Native.OutB(port, (byte)c);
        }

        public static void WriteRaw(ushort port, string text)
        {
            for (int i = 0; i < text.Length; i++) WriteRaw(port, text[i]);
        }

        /// <summary>ASCII as itself; anything else as its UTF-8 bytes (the terminal on the other end decodes them).</summary>
        public override void Write(char c)
        {
            if (c < 0x80)
            {
                WriteRaw(_base, c);
            }
            else if (c < 0x800)
            {
                WriteRaw(_base, (char)(0xC0 | (c >> 6)));
                WriteRaw(_base, (char)(0x80 | (c & 0x3F)));
            }
            else
            {
                WriteRaw(_base, (char)(0xE0 | (c >> 12)));
                WriteRaw(_base, (char)(0x80 | ((c >> 6) & 0x3F)));
                WriteRaw(_base, (char)(0x80 | (c & 0x3F)));
            }
        }

        /// <summary>A received byte, or -1 when none is waiting.</summary>
        public int TryRead() => TryReadRaw(_base);

        public static int TryReadRaw(ushort port) => (Native.InB((ushort)(port + 5)) & 1) != 0 ? Native.InB(port) : -1;

        /// <summary>Moves every byte the UART holds into <paramref name="sink"/> (polled on the timer tick).</summary>
        public static void Poll(ushort port, Veridian.Kernel.Io.ConsoleInput sink)
        {
            for (int guard = 0; guard < 64; guard++)
            {
                int b = TryReadRaw(port);
                if (b < 0) return;
                sink.Put((byte)b);
            }
        }
    }
}
