namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The PS/2 keyboard, polled on the timer tick (the legacy PICs stay masked). The
    /// controller translates to scancode set 1; keys become the bytes a serial terminal would
    /// send: ASCII, Enter as '\r', Backspace as 0x7F, Ctrl+letter as 1..26, and the arrows,
    /// Home and End as VT100 sequences (ESC [ A/B/C/D/H/F), so the shell reads one language.
    /// </summary>
    internal static class Keyboard
    {
        private const ushort Data = 0x60, Status = 0x64;
        private const byte OutputFull = 0x01, FromMouse = 0x20;

        private static readonly string s_plain = "\0\u001b1234567890-=\u007f\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
        private static readonly string s_shifted = "\0\u001b!@#$%^&*()_+\u007f\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

        private static bool s_shift, s_ctrl, s_extended;

        /// <summary>Reads every waiting scancode and hands the resulting bytes to <paramref name="sink"/>.</summary>
        public static void Poll(Veridian.Kernel.Io.ConsoleInput sink)
        {
            for (int guard = 0; guard < 64; guard++)
            {
                byte status = Native.InB(Status);
                if ((status & OutputFull) == 0) return;
                byte code = Native.InB(Data);
                if ((status & FromMouse) != 0) continue;
                Translate(code, sink);
            }
        }

        private static void Translate(byte code, Veridian.Kernel.Io.ConsoleInput sink)
        {
            if (code == 0xE0) { s_extended = true; return; }
            bool release = (code & 0x80) != 0;
            byte key = (byte)(code & 0x7F);
            bool extended = s_extended;
            s_extended = false;
            if (key == 0x2A || key == 0x36) { s_shift = !release; return; }      // shifts
            if (key == 0x1D) { s_ctrl = !release; return; }                      // ctrl (left and right)
            if (release) return;
            if (extended)
            {
                char arrow = key == 0x48 ? 'A' : key == 0x50 ? 'B' : key == 0x4D ? 'C' : key == 0x4B ? 'D'
                           : key == 0x47 ? 'H' : key == 0x4F ? 'F' : '\0';
                if (arrow != '\0') { sink.Put(0x1B); sink.Put((byte)'['); sink.Put((byte)arrow); }
                else if (key == 0x1C) sink.Put((byte)'\r');                       // keypad Enter
                return;
            }
            string map = s_shift ? s_shifted : s_plain;
            if (key >= map.Length) return;
            char c = map[key];
            if (c == '\0') return;
            if (s_ctrl && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 1);
            else if (s_ctrl && c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 1);
            sink.Put((byte)c);
        }
    }
}
