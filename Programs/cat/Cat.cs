using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// cat FILE...: prints files from the boot image, read through the file service
    /// (READ requests of up to 4000 bytes; docs/fileservice.md). Exit 1 if a file is missing.
    /// cat alone copies console input to its output, a line at a time, until Ctrl-D.
    /// </summary>
    public static class Cat
    {
        public static int Main(string[] args)
        {
            if (args.Length < 2)
                return CopyInput();
            FileClient files = FileClient.FromEnvironment();
            if (!files.IsConnected)
            {
                Console.WriteLine("cat: no file service (run me from the shell)");
                return 1;
            }
            int failed = 0;
            byte[] chunk = new byte[FileProtocol.MaxRead];
            for (int i = 1; i < args.Length; i++)
            {
                string name = args[i];
                FileStat st = files.Stat(name, open: false);
                if (!st.IsOk)
                {
                    Console.Write("cat: ");
                    Console.Write(name);
                    Console.Write(": ");
                    Console.WriteLine(st.CallError != SyscallError.Success ? Names.Of(st.CallError) : FileProtocol.StatusName(st.Status));
                    failed++;
                    continue;
                }
                if (st.Kind == FileProtocol.KindProgram)
                {
                    Console.Write("cat: ");
                    Console.Write(name);
                    Console.WriteLine(" is a program, not text (run it by typing its name)");
                    failed++;
                    continue;
                }
                ulong offset = 0;
                bool endedWithNewline = true;
                while (offset < st.Size)
                {
                    SysResult r = files.Read(name, offset, chunk, out byte status);
                    if (!r.IsOk || status != FileProtocol.Ok || r.Value == 0)
                    {
                        Console.Write("cat: reading ");
                        Console.Write(name);
                        Console.Write(" failed: ");
                        Console.WriteLine(!r.IsOk ? Names.Of(r.Error) : FileProtocol.StatusName(status));
                        failed++;
                        break;
                    }
                    Console.WriteBytes(new System.ReadOnlySpan<byte>(chunk, 0, (int)r.Value));
                    endedWithNewline = chunk[(int)r.Value - 1] == (byte)'\n';
                    offset += r.Value;
                }
                if (!endedWithNewline) Console.WriteLine();
            }
            return failed == 0 ? 0 : 1;
        }

        // Each line is echoed as it is typed (ConsoleInput.ReadLine) and then printed again, as
        // cat on a terminal does. Exit 0 at Ctrl-D; 1 if the console cannot be read (a
        // background job's console has no Read right).
        private static unsafe int CopyInput()
        {
            byte* line = stackalloc byte[ConsoleInput.MaxLine];
            for (;;)
            {
                int n = ConsoleInput.ReadLine(new System.Span<byte>(line, ConsoleInput.MaxLine));
                if (n < 0) break;
                Console.WriteBytes(new System.ReadOnlySpan<byte>(line, n));
                Console.WriteLine();
            }
            if (ConsoleInput.LastError == SyscallError.Success) return 0;
            Console.Write("cat: cannot read the console: ");
            Console.Write(Names.Of(ConsoleInput.LastError));
            Console.WriteLine(ConsoleInput.LastError == SyscallError.PermissionDenied ? " (a background job gets no input)" : "");
            return 1;
        }
    }
}
