using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The first process (docs/userspace.md "init"). The kernel starts it from the boot module
    /// "init" with args ["init", kernel command line, "name:size" per program module] and
    /// capabilities [console, kernel log, root resource, one Memory capability per program
    /// module in the order of args[2..]].
    /// Command line word "ring3test": run every test-* program and report (ring3: lines).
    /// "bench": run bench and exit with its code. Otherwise: run hello, then wait forever.
    /// </summary>
    public static unsafe class Init
    {
        public const int ConsoleSlot = 0;
        public const int LogSlot = 1;
        public const int RootSlot = 2;
        public const int FirstImageSlot = 5;   // after console, log, root, system information, power
        public const int FirstModuleArg = 2;

        internal static ModuleTable Modules;

        public static int Main(string[] args)
        {
            Console.WriteLine("init: started");
            string commandLine = args.Length > 1 ? args[1] : "";
            Modules = ModuleTable.Parse(args, FirstModuleArg, FirstImageSlot);
            if (Text.ContainsWord(commandLine, "ring3test"))
                return Ring3Tests.RunAll(Modules);
            if (Text.ContainsWord(commandLine, "bench"))
                return RunBench();
            RunHello();
            WaitForever();
            return 0;
        }

        public static Capability ConsoleCap => Process.GrantedCapability(ConsoleSlot);
        public static Capability Log => Process.GrantedCapability(LogSlot);
        public static Capability Root => Process.GrantedCapability(RootSlot);

        private static void RunHello()
        {
            int hello = Modules.Find("hello");
            if (hello < 0)
            {
                Console.WriteLine("init: no hello module");
                return;
            }
            var caps = new[] { ConsoleCap };
            var helloArgs = new[] { "hello", "started", "by", "init" };
            SysResult r = Modules.Run(hello, helloArgs, caps);
            if (!r.IsOk)
            {
                Report.Error("init: cannot start hello", r.Error);
                return;
            }
            Spawn.Wait(new ProcessId(r.Value), Abi.WaitForever, out ProcessExitInfo info);
            Console.Write("init: hello ");
            Report.ExitInfo(info);
            Console.WriteLine();
        }

        private static int RunBench()
        {
            int bench = Modules.Find("bench");
            if (bench < 0)
            {
                Console.WriteLine("init: no bench module");
                return 1;
            }
            // bench gets what a test gets: console, its own image (to start its peer), a resource.
            SysResult r = Modules.Run(bench, new[] { "bench", Modules.SizeText(bench) },
                new[] { ConsoleCap, Modules.ImageCapability(bench), Root });
            if (!r.IsOk)
            {
                Report.Error("init: cannot start bench", r.Error);
                return 1;
            }
            Spawn.Wait(new ProcessId(r.Value), Abi.WaitForever, out ProcessExitInfo info);
            Console.Write("init: bench ");
            Report.ExitInfo(info);
            Console.WriteLine();
            return info.Reason == ExitReason.Exited ? info.ExitCode : 1;
        }

        private static void WaitForever()
        {
            var hour = new Timespec(3600, 0);
            for (;;) Sys.Nanosleep(hour);
        }
    }
}
