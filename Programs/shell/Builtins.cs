using System;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>The shell's own commands. What ps, mem and caps show comes from SYS_READ on the SystemInfo capability.</summary>
    internal static unsafe class Builtins
    {
        public static bool Run(string c, string[] w, int n)
        {
            if (c == "help") Help();
            else if (c == "ls") Ls(n > 1 && w[1] == "-a");
            else if (c == "ps") Ps();
            else if (c == "caps") Caps();
            else if (c == "mem") Mem();
            else if (c == "uptime") Uptime();
            else if (c == "date") Date();
            else if (c == "sleep") Sleep(w, n);
            else if (c == "echo") Echo(w, n);
            else if (c == "clear") Clear();
            else if (c == "exit") Exit(w, n);
            else if (c == "shutdown") Power("poweroff");
            else if (c == "reboot") Power("reboot");
            else if (c == "jobs") Jobs.List();
            else if (c == "wait") Jobs.Wait(w, n);
            else if (c == "history") History();
            else if (c == "run")
            {
                if (n < 2) Console.WriteLine("run: usage: run PROGRAM [ARGS]   (runs the program even where a builtin has its name)");
                else Shell.RunProgram(w, 1, n);
            }
            else return false;
            return true;
        }

        private static void Help()
        {
            Console.WriteLine("builtins:");
            Console.WriteLine("  help              this list");
            Console.WriteLine("  ls [-a]           programs and files on the boot image (-a: with the ring-3 tests)");
            Console.WriteLine("  ps                processes: id, parent, state, threads, memory, name");
            Console.WriteLine("  caps              this shell's capabilities: type and rights");
            Console.WriteLine("  mem               free and used memory");
            Console.WriteLine("  uptime, date      time since boot, wall-clock time (UTC)");
            Console.WriteLine("  sleep SECONDS     wait (Ctrl-C ends it)");
            Console.WriteLine("  echo WORDS        print the words");
            Console.WriteLine("  clear             clear the screen");
            Console.WriteLine("  jobs, wait [ID]   background jobs (start one with: program args &)");
            Console.WriteLine("  history           the last command lines (Up/Down recall them)");
            Console.WriteLine("  run PROGRAM ARGS  run the program, not the builtin of that name (run sleep 5, run echo hi)");
            Console.WriteLine("  exit [CODE]       end this shell (init starts a new one)");
            Console.WriteLine("  shutdown, reboot  power off or reset the machine (ACPI)");
            Console.WriteLine("anything else runs the program of that name with its arguments; Ctrl-C stops it.");
            Console.WriteLine("programs: hello echo cat ipc-client threads memdemo capdemo sleep crash bench ... (ls)");
        }

        private static void Ls(bool all)
        {
            if (!Shell.Files.IsConnected) { Console.WriteLine("ls: no file service"); return; }
            byte[] response = new byte[(int)Abi.MaxMessageSize];
            uint first = 0;
            int hidden = 0, shown = 0;
            for (;;)
            {
                SysResult r = Shell.Files.List(first, response);
                if (!r.IsOk) { Console.Write("ls: file service: "); Console.WriteLine(Names.Of(r.Error)); break; }
                if (response[0] != FileProtocol.Ok) { Console.Write("ls: "); Console.WriteLine(FileProtocol.StatusName(response[0])); break; }
                int count = response[1] | response[2] << 8;
                if (count == 0) break;
                int at = 3;
                for (int e = 0; e < count; e++)
                {
                    byte kind = response[at];
                    ulong size = FileProtocol.ReadU64(response, at + 1);
                    int len = response[at + 9];
                    var name = new ReadOnlySpan<byte>(response, at + 10, len);
                    at += 10 + len;
                    bool test = len > 5 && name[0] == 't' && name[1] == 'e' && name[2] == 's' && name[3] == 't' && name[4] == '-';
                    if (test && !all) { hidden++; continue; }
                    shown++;
                    Console.Write(kind == FileProtocol.KindProgram ? "  program " : "  file    ");
                    Pad(size, 9);
                    Console.Write("  ");
                    Console.WriteBytes(name);
                    Console.WriteLine();
                }
                first += (uint)count;
            }
            if (hidden > 0)
            {
                Console.Write("  (");
                Console.WriteDecimal(hidden);
                Console.WriteLine(" ring-3 test programs not shown: ls -a)");
            }
        }

        private static void Pad(ulong value, int width)
        {
            int digits = 1;
            for (ulong v = value; v >= 10; v /= 10) digits++;
            for (int i = digits; i < width; i++) Console.Write(' ');
            Console.WriteDecimal(value);
        }

        private static void PadText(string s, int width)
        {
            Console.Write(s);
            for (int i = s.Length; i < width; i++) Console.Write(' ');
        }

        private static SysResult ReadInfo(SystemInfoTable table, byte[] into)
        {
            SysResult r = Sys.Read(Shell.SystemInfo, into, (ulong)table);
            if (!r.IsOk)
            {
                Console.Write("no system information: ");
                Console.WriteLine(Names.Of(r.Error));
            }
            return r;
        }

        private static void Ps()
        {
            byte[] buffer = new byte[48 * 64];
            SysResult r = ReadInfo(SystemInfoTable.Processes, buffer);
            if (!r.IsOk) return;
            Console.WriteLine("  PID  PARENT  STATE    THREADS  MEMORY    NAME");
            fixed (byte* p = buffer)
            {
                int count = (int)r.Value / sizeof(ProcessInfo);
                var infos = (ProcessInfo*)p;
                for (int i = 0; i < count; i++)
                {
                    ProcessInfo pi = infos[i];
                    Pad(pi.Id.Index, 5);
                    if (pi.Parent.IsNone) Console.Write("       -");
                    else Pad(pi.Parent.Index, 8);
                    Console.Write("  ");
                    PadText(pi.State == 1 ? "created" : pi.State == 2 ? "running" : pi.State == 3 ? "ended" : "free", 7);
                    Pad(pi.Threads, 9);
                    Pad(pi.ResidentPages * 4, 8);
                    Console.Write(" KiB  ");
                    byte* name = (byte*)&pi.Name0;
                    for (int k = 0; k < ProcessInfo.NameBytes && name[k] != 0; k++) Console.Write((char)name[k]);
                    Console.WriteLine();
                }
            }
        }

        private static string TypeName(uint t)
        {
            switch ((ObjectType)t)
            {
                case ObjectType.Resource: return "Resource";
                case ObjectType.Memory: return "Memory";
                case ObjectType.Endpoint: return "Endpoint";
                case ObjectType.Process: return "Process";
                case ObjectType.Thread: return "Thread";
                case ObjectType.Console: return "Console";
                case ObjectType.Log: return "Log";
                case ObjectType.SystemInfo: return "SystemInfo";
                case ObjectType.Power: return "Power";
                default: return "?";
            }
        }

        internal static void WriteRights(uint r)
        {
            bool any = false;
            if ((r & Rights.ReadBit) != 0) { Console.Write("Read"); any = true; }
            if ((r & Rights.WriteBit) != 0) { if (any) Console.Write('|'); Console.Write("Write"); any = true; }
            if ((r & Rights.ExecuteBit) != 0) { if (any) Console.Write('|'); Console.Write("Execute"); any = true; }
            if ((r & Rights.GrantBit) != 0) { if (any) Console.Write('|'); Console.Write("Grant"); any = true; }
            if ((r & Rights.DeriveBit) != 0) { if (any) Console.Write('|'); Console.Write("Derive"); any = true; }
            if ((r & Rights.CreateBit) != 0) { if (any) Console.Write('|'); Console.Write("Create"); any = true; }
            if (!any) Console.Write("none");
        }

        private static void Caps()
        {
            byte[] buffer = new byte[16 * 256];
            SysResult r = ReadInfo(SystemInfoTable.Capabilities, buffer);
            if (!r.IsOk) return;
            Console.WriteLine("  SLOT  TYPE        RIGHTS");
            fixed (byte* p = buffer)
            {
                int count = (int)r.Value / sizeof(CapabilityInfo);
                var infos = (CapabilityInfo*)p;
                for (int i = 0; i < count; i++)
                {
                    Pad(infos[i].Token.Index, 6);
                    Console.Write("  ");
                    PadText(TypeName(infos[i].Type), 12);
                    WriteRights(infos[i].Rights);
                    Console.WriteLine();
                }
            }
        }

        private static void Mem()
        {
            byte[] buffer = new byte[sizeof(MemoryInfo)];
            SysResult r = ReadInfo(SystemInfoTable.Memory, buffer);
            if (!r.IsOk) return;
            MemoryInfo m;
            fixed (byte* p = buffer) m = *(MemoryInfo*)p;
            ulong kib = m.FrameSize / 1024;
            Console.Write("memory: ");
            Console.WriteDecimal(m.TotalFrames * kib);
            Console.Write(" KiB total, ");
            Console.WriteDecimal((m.TotalFrames - m.FreeFrames) * kib);
            Console.Write(" KiB used, ");
            Console.WriteDecimal(m.FreeFrames * kib);
            Console.Write(" KiB free (");
            Console.WriteDecimal(m.TotalFrames);
            Console.Write(" frames of ");
            Console.WriteDecimal(m.FrameSize);
            Console.WriteLine(" bytes)");
            Console.Write("kernel heap: ");
            Console.WriteDecimal(m.KernelHeapUsed / 1024);
            Console.Write(" KiB used of ");
            Console.WriteDecimal(m.KernelHeapBytes / 1024);
            Console.WriteLine(" KiB");
        }

        private static void Two(ulong v)
        {
            if (v < 10) Console.Write('0');
            Console.WriteDecimal(v);
        }

        private static void Uptime()
        {
            SysResult<Timespec> t = Sys.ClockGet(ClockId.Monotonic);
            if (!t.IsOk) { Console.Write("uptime: "); Console.WriteLine(Names.Of(t.Error)); return; }
            ulong s = (ulong)t.Value.Seconds;
            Console.Write("up ");
            if (s >= 86400) { Console.WriteDecimal(s / 86400); Console.Write(" days, "); }
            Console.WriteDecimal(s / 3600 % 24);
            Console.Write(':');
            Two(s / 60 % 60);
            Console.Write(':');
            Two(s % 60);
            Console.Write(" (");
            Console.WriteDecimal(s);
            Console.Write('.');
            ulong ms = (ulong)t.Value.Nanoseconds / 1_000_000;
            if (ms < 100) Console.Write('0');
            Two(ms);
            Console.WriteLine(" s since boot)");
        }

        private static void Date()
        {
            SysResult<Timespec> t = Sys.ClockGet(ClockId.Realtime);
            if (!t.IsOk) { Console.Write("date: "); Console.WriteLine(Names.Of(t.Error)); return; }
            long secs = t.Value.Seconds;
            long days = secs / 86400, rem = secs % 86400;
            // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
            long z = days + 719468;
            long era = (z >= 0 ? z : z - 146096) / 146097;
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long y = yoe + era * 400;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            long d = doy - (153 * mp + 2) / 5 + 1;
            long m = mp < 10 ? mp + 3 : mp - 9;
            if (m <= 2) y++;
            Console.WriteDecimal(y);
            Console.Write('-');
            Two((ulong)m);
            Console.Write('-');
            Two((ulong)d);
            Console.Write(' ');
            Two((ulong)(rem / 3600));
            Console.Write(':');
            Two((ulong)(rem / 60 % 60));
            Console.Write(':');
            Two((ulong)(rem % 60));
            Console.WriteLine(" UTC");
        }

        private static void Sleep(string[] w, int n)
        {
            long s = n == 2 ? Text.ParseDecimal(w[1], 0, w[1].Length) : -1;
            if (s < 0 || s > 86400) { Console.WriteLine("sleep: usage: sleep SECONDS (0 to 86400)"); return; }
            Shell.SleepInterruptibly((ulong)s * 1_000_000_000);
        }

        private static void Echo(string[] w, int n)
        {
            for (int i = 1; i < n; i++)
            {
                if (i > 1) Console.Write(' ');
                Console.Write(w[i]);
            }
            Console.WriteLine();
        }

        // No escape sequence reaches the screen (the console prints only text), so clearing is
        // scrolling everything away.
        private static void Clear()
        {
            for (int i = 0; i < 60; i++) Console.Write('\n');
        }

        private static void Exit(string[] w, int n)
        {
            long code = n > 1 ? Text.ParseDecimal(w[1], 0, w[1].Length) : 0;
            if (code < 0 || code > 255) { Console.WriteLine("exit: usage: exit [CODE 0..255]"); return; }
            Shell.Exit((int)code);
        }

        private static void Power(string what)
        {
            Console.WriteLine(what == "reboot" ? "rebooting" : "powering off");
            Console.Flush();
            byte[] text = Text.ToBytes(what);
            SysResult r = Sys.Write(Shell.Power, text, 0);
            Console.Write(what);
            Console.Write(" failed: ");
            Console.WriteLine(r.IsOk ? "the machine is still running" : Names.Of(r.Error));
        }

        private static void History()
        {
            LineEditor e = Shell.Editor;
            for (int k = e.HistoryCount; k >= 1; k--)
            {
                Pad((ulong)(e.HistoryCount - k + 1), 4);
                Console.Write("  ");
                Console.WriteLine(e.History(k));
            }
        }
    }
}
