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

        public static int Read(byte* bytes, int count)
        {
            SysResult r = Sys.Read(Capability, new Span<byte>(bytes, count), 0);
            return r.IsOk ? (int)r.Value : -1;
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
