using System;
using Veridian.Runtime;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The shell (docs/shell.md). init starts it with capabilities [console (Read|Write),
    /// the file service's channel end, SystemInfo, Power, root resource] and the environment
    /// <c>files=CHANNEL</c>. It reads command lines (LineEditor), runs builtins, and starts
    /// programs through the file service: OPEN hands it the image's Memory capability, which it
    /// maps, gives to SYS_PROCESS_CREATE and lets go. Programs get [console, file service] and
    /// the same environment.
    /// </summary>
    public static unsafe class Shell
    {
        public const int SystemInfoSlot = 2;
        public const int PowerSlot = 3;
        public const int RootSlot = 4;
        private const ulong Millisecond = 1_000_000;
        private const int MaxArgs = 32;

        internal static FileClient Files;
        // What programs get of the file service: the right to call through the channel (Write) and to pass it on (Grant), not to receive.
        private static Capability s_filesForPrograms;
        // What background jobs get of the console: output only (Write|Grant), so they cannot read what is typed.
        private static Capability s_consoleForJobs;
        internal static Capability ConsoleCap => Process.ConsoleCapability;
        internal static Capability SystemInfo => Process.GrantedCapability(SystemInfoSlot);
        internal static Capability Power => Process.GrantedCapability(PowerSlot);
        private static readonly LineEditor s_editor = new LineEditor();
        private static int s_exitCode = -1;

        public static int Main(string[] args)
        {
            Files = FileClient.FromEnvironment();
            SysResult<Capability> callOnly = Sys.CapabilityDerive(Files.Endpoint, Rights.Write.Union(Rights.Grant));
            s_filesForPrograms = callOnly.IsOk ? callOnly.Value : Files.Endpoint;
            SysResult<Capability> writeOnly = Sys.CapabilityDerive(ConsoleCap, Rights.Write.Union(Rights.Grant));
            s_consoleForJobs = writeOnly.IsOk ? writeOnly.Value : ConsoleCap;
            SysResult reader = Input.Start(ConsoleCap);
            if (!reader.IsOk)
            {
                Console.Write("shell: cannot start the console reader thread: ");
                Console.WriteLine(Names.Of(reader.Error));
                return 1;
            }
            Console.WriteLine("VeridianOS shell. Type help for the commands, ls for the programs.");
            if (!Files.IsConnected) Console.WriteLine("shell: no file service: only builtins work");
            while (s_exitCode < 0)
            {
                Jobs.ReportFinished();
                string line = s_editor.ReadLine();
                if (line == null) continue;
                Execute(line);
            }
            return s_exitCode;
        }

        private static void Execute(string line)
        {
            string[] words = Split(line, out int count, out bool background, out string error);
            if (error != null)
            {
                Console.Write("shell: ");
                Console.WriteLine(error);
                return;
            }
            if (count == 0) return;
            string command = words[0];
            if (background)
            {
                // Background always means a program: "run NAME ... &" is the same as "NAME ... &".
                if (command == "run" && count > 1)
                {
                    for (int i = 1; i < count; i++) words[i - 1] = words[i];
                    count--;
                }
                Jobs.StartBackground(words, count);
                return;
            }
            if (Builtins.Run(command, words, count)) return;
            RunForeground(words, count);
        }

        internal static void Exit(int code) => s_exitCode = code < 0 ? 0 : code;

        internal static LineEditor Editor => s_editor;

        /// <summary>
        /// Words separated by spaces; "double quotes" keep spaces in a word; a last word "&amp;"
        /// (or a line ending in '&amp;') asks for the background.
        /// </summary>
        private static string[] Split(string line, out int count, out bool background, out string error)
        {
            var words = new string[MaxArgs];
            count = 0;
            background = false;
            error = null;
            char[] word = new char[LineEditor.MaxLine];
            int i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && line[i] == ' ') i++;
                if (i == line.Length) break;
                int n = 0;
                bool quoted = false;
                while (i < line.Length && (quoted || line[i] != ' '))
                {
                    char c = line[i++];
                    if (c == '"') { quoted = !quoted; continue; }
                    word[n++] = c;
                }
                if (quoted) { error = "missing closing quote"; return words; }
                if (count == MaxArgs) { error = "too many words (at most 32)"; return words; }
                words[count++] = FromChars(word, n);
            }
            if (count > 0)
            {
                string last = words[count - 1];
                if (last == "&") { background = true; count--; }
                else if (last.Length > 1 && last[last.Length - 1] == '&')
                {
                    background = true;
                    words[count - 1] = Text.Substring(last, 0, last.Length - 1);
                }
                if (background && count == 0) { error = "& needs a command before it"; return words; }
            }
            return words;
        }

        internal static string FromChars(char[] chars, int n)
        {
            byte[] bytes = new byte[n];
            for (int k = 0; k < n; k++) bytes[k] = (byte)chars[k];
            string s = Text.FromBytes(bytes);
            Allocator.Free(bytes);
            return s;
        }

        /// <summary>
        /// Starts the program words[0] with words[1..count) as arguments; Value = ProcessId. Prints
        /// why not. A foreground program is made the console's foreground before it starts
        /// (SYS_CONSOLE_FOREGROUND: it reads what is typed, Ctrl-C still comes to the shell's
        /// reader); a background one gets a console it can only write.
        /// </summary>
        internal static SysResult Start(string[] words, int count, bool foreground)
        {
            string name = words[0];
            var fail = new SysResult(SyscallReturn.Error(SyscallError.NotFound));
            if (!Files.IsConnected)
            {
                Console.Write("shell: ");
                Console.Write(name);
                Console.WriteLine(": unknown command (and no file service to find programs)");
                return fail;
            }
            if (name.Length > FileProtocol.MaxName)
            {
                Console.WriteLine("shell: command name too long");
                return fail;
            }
            FileStat st = Files.Stat(name, open: true);
            if (st.CallError != SyscallError.Success)
            {
                Console.Write("shell: file service did not answer: ");
                Console.WriteLine(Names.Of(st.CallError));
                return fail;
            }
            if (st.Status == FileProtocol.NotFound)
            {
                Console.Write("shell: ");
                Console.Write(name);
                Console.WriteLine(": command not found (help lists the builtins, ls the programs)");
                return fail;
            }
            if (st.Status != FileProtocol.Ok || st.Memory.IsNull)
            {
                Console.Write("shell: ");
                Console.Write(name);
                Console.Write(": ");
                Console.WriteLine(FileProtocol.StatusName(st.Status));
                Forget(st.Memory);
                return fail;
            }
            if (st.Kind != FileProtocol.KindProgram)
            {
                Console.Write("shell: ");
                Console.Write(name);
                Console.Write(" is a file, not a program (cat ");
                Console.Write(name);
                Console.WriteLine(" shows it)");
                Forget(st.Memory);
                return fail;
            }
            SysResult map = Spawn.MapImage(st.Memory, st.Size);
            if (!map.IsOk)
            {
                Console.Write("shell: cannot map ");
                Console.Write(name);
                Console.Write(": ");
                Console.WriteLine(Names.Of(map.Error));
                Forget(st.Memory);
                return fail;
            }
            // args = [name, arguments..., environment marker, files=CHANNEL]
            var args = new string[count + 2];
            for (int i = 0; i < count; i++) args[i] = words[i];
            args[count] = Veridian.UserRuntime.Environment.Marker;
            args[count + 1] = Text.Concat("files=", Text.Decimal(Files.Channel.Raw));
            SysResult created = Spawn.Create((byte*)map.Value, st.Size, args, new[] { foreground ? ConsoleCap : s_consoleForJobs, s_filesForPrograms });
            Sys.Munmap(map.Value, st.Size);
            Forget(st.Memory);
            Allocator.Free(args);
            if (!created.IsOk)
            {
                Console.Write("shell: cannot start ");
                Console.Write(name);
                Console.Write(": ");
                Console.WriteLine(Names.Of(created.Error));
                return created;
            }
            var pid = new ProcessId(created.Value);
            if (foreground)
            {
                // The kernel ends the hand-over when the program ends (however it ends).
                SysResult fg = Sys.ConsoleForeground(ConsoleCap, pid);
                if (!fg.IsOk)
                {
                    Console.Write("shell: ");
                    Console.Write(name);
                    Console.Write(" gets no console input: ");
                    Console.WriteLine(Names.Of(fg.Error));
                }
            }
            SysResult started = Sys.StartProcess(pid);
            if (!started.IsOk)
            {
                Console.Write("shell: cannot start ");
                Console.Write(name);
                Console.Write(": ");
                Console.WriteLine(Names.Of(started.Error));
                Sys.KillProcess(pid);
                Spawn.Wait(pid, Abi.WaitForever, out _);
                return started;
            }
            return created;
        }

        // The image's capability is needed only until the process exists.
        private static void Forget(Capability c)
        {
            if (!c.IsNull) Sys.CapabilityRevoke(c);
        }

        /// <summary>Runs words[first..count) as a program in the foreground (the builtin run).</summary>
        internal static void RunProgram(string[] words, int first, int count)
        {
            var rest = new string[count - first];
            for (int i = first; i < count; i++) rest[i - first] = words[i];
            RunForeground(rest, count - first);
        }

        private static void RunForeground(string[] words, int count)
        {
            SysResult r = Start(words, count, foreground: true);
            if (!r.IsOk) return;
            var pid = new ProcessId(r.Value);
            bool interrupted = false;
            ProcessExitInfo info;
            for (;;)
            {
                SysResult w = Spawn.Wait(pid, 20 * Millisecond, out info);
                if (w.IsOk) break;
                if (w.Error != SyscallError.Timeout)
                {
                    Console.Write("shell: wait failed: ");
                    Console.WriteLine(Names.Of(w.Error));
                    return;
                }
                if (!interrupted && Input.TakeInterrupt())
                {
                    interrupted = true;
                    Console.WriteLine("^C");
                    Sys.KillProcess(pid);
                }
            }
            Console.Flush();
            ReportEnd(words[0], info, interrupted);
        }

        /// <summary>"NAME: exited with code 3", "NAME: killed by PageFault at 0x0", nothing for exit 0.</summary>
        internal static void ReportEnd(string name, ProcessExitInfo info, bool interrupted)
        {
            if (info.Reason == ExitReason.Exited && info.ExitCode == 0) return;
            Console.Write(name);
            Console.Write(": ");
            WriteEnd(info, interrupted);
            Console.WriteLine();
        }

        internal static void WriteEnd(ProcessExitInfo info, bool interrupted)
        {
            if (info.Reason == ExitReason.Exited)
            {
                Console.Write("exited with code ");
                Console.WriteDecimal(info.ExitCode);
            }
            else if (info.Reason == ExitReason.Faulted)
            {
                Console.Write("killed by ");
                Console.Write(Names.Of(info.FaultCode));
                Console.Write(" at ");
                Console.WriteHex(info.FaultAddress);
            }
            else
            {
                Console.Write(interrupted ? "stopped (Ctrl-C)" : "killed");
            }
        }

        /// <summary>Sleeps in small steps so that Ctrl-C ends the sleep; false if interrupted.</summary>
        internal static bool SleepInterruptibly(ulong ns)
        {
            SysResult<Timespec> t0 = Sys.ClockGet(ClockId.Monotonic);
            ulong start = t0.Value.ToNanosecondsSaturating();
            for (;;)
            {
                if (Input.TakeInterrupt())
                {
                    Console.WriteLine("^C");
                    return false;
                }
                ulong now = Sys.ClockGet(ClockId.Monotonic).Value.ToNanosecondsSaturating();
                if (now - start >= ns) return true;
                ulong step = ns - (now - start);
                if (step > 20 * Millisecond) step = 20 * Millisecond;
                Sys.Nanosleep(Timespec.FromNanoseconds(step));
            }
        }
    }
}
