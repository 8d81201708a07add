using System;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// The console capability: by convention the first capability a program is granted
    /// (docs/userspace.md). File descriptors 0, 1 and 2 are all this console.
    /// </summary>
    internal static unsafe class Console
    {
        public static Capability Capability
        {
            get
            {
                StartInfo* info = Startup.Info;
                if (info == null || info->CapabilityCount == 0) return Capability.Null;
                return ((Capability*)info->Capabilities)[0];
            }
        }

        public static int Write(byte* bytes, int count)
        {
            SysResult r = Sys.Write(Capability, new ReadOnlySpan<byte>(bytes, count), 0);
            return r.IsOk ? (int)r.Value : -1;
        }

        /// <summary>
        /// Standard input as a terminal's line discipline gives it: the kernel passes typed bytes
        /// raw (docs/shell.md "Foreground input"), so here they are echoed, Backspace edits,
        /// Enter (CR or LF) ends the line as '\n', and Ctrl-D on an empty line is end of input
        /// (0). A read returns at most one line. A console this process may not read (a
        /// background job) is end of input too.
        /// </summary>
        public static int Read(byte* bytes, int count)
        {
            if (count <= 0) return 0;
            if (s_lineUsed == s_lineLength && !ReadLine()) return 0;
            int n = 0;
            while (n < count && s_lineUsed < s_lineLength) bytes[n++] = s_line[s_lineUsed++];
            return n;
        }

        private const int LineCapacity = 1024;
        private static byte* s_line;            // the line being handed out
        private static int s_lineLength, s_lineUsed;
        private static byte* s_raw;             // bytes read from the console, not yet taken
        private static int s_rawLength, s_rawUsed;

        private static bool ReadLine()
        {
            if (s_line == null)
            {
                s_line = (byte*)NativeHeap.Allocate(LineCapacity);
                s_raw = (byte*)NativeHeap.Allocate(LineCapacity);
                s_echo = (byte*)NativeHeap.Allocate(LineCapacity);
                if (s_line == null || s_raw == null || s_echo == null) return false;
            }
            s_lineLength = s_lineUsed = 0;
            while (true)
            {
                if (s_rawUsed == s_rawLength)
                {
                    FlushEcho();
                    SysResult r = Sys.Read(Capability, new Span<byte>(s_raw, LineCapacity), 0);
                    if (!r.IsOk || r.Value == 0) return s_lineLength > 0;
                    s_rawLength = (int)r.Value;
                    s_rawUsed = 0;
                }
                byte b = s_raw[s_rawUsed++];
                if (b == (byte)'\r' || b == (byte)'\n')
                {
                    Echo((byte)'\n');
                    FlushEcho();
                    s_line[s_lineLength++] = (byte)'\n';
                    return true;
                }
                if (b == 4)                                  // Ctrl-D: end of input, or hand out the line so far
                {
                    FlushEcho();
                    return s_lineLength > 0;
                }
                if (b == 0x7F || b == 8)
                {
                    if (s_lineLength == 0) continue;
                    do s_lineLength--; while (s_lineLength > 0 && (s_line[s_lineLength] & 0xC0) == 0x80);   // a whole UTF-8 character
                    Echo(8); Echo((byte)' '); Echo(8);
                    continue;
                }
                if (b < 0x20 || s_lineLength == LineCapacity - 1) continue;   // other controls; a full line
                s_line[s_lineLength++] = b;
                Echo(b);
            }
        }

        // Echo goes out once per chunk of input (FlushEcho), so a UTF-8 character typed as several
        // bytes reaches the console in one write.
        private static byte* s_echo;
        private static int s_echoLength;

        private static void Echo(byte b)
        {
            if (s_echoLength == LineCapacity) FlushEcho();
            s_echo[s_echoLength++] = b;
        }

        private static void FlushEcho()
        {
            if (s_echoLength > 0) Write(s_echo, s_echoLength);
            s_echoLength = 0;
        }

        /// <summary>For the runtime's own last words: ASCII, no allocation.</summary>
        public static void WriteLine(string s)
        {
            byte* line = stackalloc byte[256];
            int n = 0;
            for (int i = 0; i < s.Length && n < 255; i++) line[n++] = s[i] < 128 ? (byte)s[i] : (byte)'?';
            line[n++] = (byte)'\n';
            Write(line, n);
        }
    }
}
