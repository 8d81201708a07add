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
    /// "bench": run bench and exit with its code. "fuzz SEED COUNT [PROCESSES]": the ring-3 syscall
    /// fuzzer (<see cref="FuzzRun"/>). Otherwise: start the file service
    /// (docs/fileservice.md), hand it every module, and run the shell, again whenever it ends.
    /// </summary>
    public static unsafe class Init
    {
        public const int ConsoleSlot = 0;
        public const int LogSlot = 1;
        public const int RootSlot = 2;
        public const int SystemInfoSlot = 3;
        public const int PowerSlot = 4;
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
            if (Text.ContainsWord(commandLine, "fuzz"))
                return FuzzRun.Run(commandLine);
            RunSystem();
            WaitForever();
            return 0;
        }

        public static Capability ConsoleCap => Process.GrantedCapability(ConsoleSlot);
        public static Capability Log => Process.GrantedCapability(LogSlot);
        public static Capability Root => Process.GrantedCapability(RootSlot);
        public static Capability SystemInfo => Process.GrantedCapability(SystemInfoSlot);
        public static Capability Power => Process.GrantedCapability(PowerSlot);

        /// <summary>How many shells in a row may end within a second before init waits between restarts.</summary>
        private const int QuickRestarts = 3;

        /// <summary>
        /// A normal boot: the file service gets one end of a channel and every module's Memory
        /// capability (ADD calls, then SEAL); the shell gets the other end, the console, system
        /// information, power and the root resource. If the shell ends, init says how and starts
        /// a new one.
        /// </summary>
        private static void RunSystem()
        {
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            if (!ra.IsOk || !rb.IsOk)
            {
                Report.Error("init: cannot create the file service's endpoints", ra.IsOk ? rb.Error : ra.Error);
                return;
            }
            EndpointCreateResult service = ra.Value, clients = rb.Value;
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(service.Endpoint, clients.Endpoint, service.Capability, clients.Capability);
            if (!ch.IsOk)
            {
                Report.Error("init: cannot create the file service's channel", ch.Error);
                return;
            }
            int files = Modules.Find("files");
            if (files < 0)
            {
                Console.WriteLine("init: no files module: no file service, no shell");
                return;
            }
            SysResult fr = Modules.Run(files, new[] { "files", Text.Decimal(service.Endpoint.Raw) },
                new[] { ConsoleCap, service.Capability });
            if (!fr.IsOk)
            {
                Report.Error("init: cannot start the file service", fr.Error);
                return;
            }
            if (!Register(ch.Value, clients.Capability)) return;
            Console.WriteLine("init: file service ready");

            string[] shellArgs = { "shell", Veridian.UserRuntime.Environment.Marker, Text.Concat("files=", Text.Decimal(ch.Value.Raw)) };
            Capability[] shellCaps = { ConsoleCap, clients.Capability, SystemInfo, Power, Root };
            int quick = 0;
            for (;;)
            {
                int shell = Modules.Find("shell");
                if (shell < 0)
                {
                    Console.WriteLine("init: no shell module");
                    return;
                }
                ulong started = Now();
                SysResult r = Modules.Run(shell, shellArgs, shellCaps);
                if (!r.IsOk)
                {
                    Report.Error("init: cannot start the shell", r.Error);
                    return;
                }
                Spawn.Wait(new ProcessId(r.Value), Abi.WaitForever, out ProcessExitInfo info);
                Console.Write("init: shell ");
                Report.ExitInfo(info);
                Console.WriteLine("; starting a new shell");
                quick = Now() - started < 1_000_000_000 ? quick + 1 : 0;
                if (quick >= QuickRestarts) Sys.Nanosleep(new Timespec(5, 0));
            }
        }

        // Every module goes to the file service with its Memory capability; then the table is sealed.
        private static bool Register(ChannelId channel, Capability clientEnd)
        {
            byte* request = stackalloc byte[9 + FileProtocol.MaxName];
            byte* response = stackalloc byte[16];
            for (int i = 0; i < Modules.Count; i++)
            {
                string name = Modules.Names[i];
                if (name.Length == 0 || name.Length > FileProtocol.MaxName) continue;
                var req = new System.Span<byte>(request, 9 + name.Length);
                req[0] = FileProtocol.Add;
                FileProtocol.WriteU64(req, 1, Modules.Sizes[i]);
                for (int k = 0; k < name.Length; k++) req[9 + k] = (byte)name[k];
                SysResult<IpcCallResult> r = Sys.IpcCall(channel, req, new System.Span<byte>(response, 16),
                    FileClient.CallTimeoutNs, Modules.ImageCapability(i), clientEnd);
                if (!r.IsOk || response[0] != FileProtocol.Ok)
                {
                    Console.Write("init: file service refused ");
                    Console.Write(name);
                    Console.Write(": ");
                    Console.WriteLine(r.IsOk ? FileProtocol.StatusName(response[0]) : Names.Of(r.Error));
                    return false;
                }
            }
            byte seal = FileProtocol.Seal;
            SysResult<IpcCallResult> s = Sys.IpcCall(channel, new System.ReadOnlySpan<byte>(&seal, 1),
                new System.Span<byte>(response, 16), FileClient.CallTimeoutNs, Capability.Null, clientEnd);
            return s.IsOk;
        }

        private static ulong Now()
        {
            SysResult<Timespec> t = Sys.ClockGet(ClockId.Monotonic);
            return t.IsOk ? t.Value.ToNanosecondsSaturating() : 0;
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
