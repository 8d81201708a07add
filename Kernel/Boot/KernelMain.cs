using Veridian.Kernel.Console;
using Veridian.Kernel.Diagnostics;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Boot
{
    /// <summary>
    /// The architecture-neutral start of the kernel, called by the plugs once the heap and the
    /// runtime are up: banner, symbols, then whatever the command line asks for.
    /// </summary>
    public static class KernelMain
    {
        /// <summary>isa-debug-exit codes (QEMU exits with code*2+1: 33 pass, 35 fail).</summary>
        public const int ExitPass = 0x10;
        public const int ExitFail = 0x11;

        public static void Start(Machine machine, BootInfo boot, ulong heapBytes, Platform.MachinePlatform platform)
        {
            PrintBanner(machine, boot, heapBytes);
            LoadSymbols(boot);

            var panic = CommandLine.GetValue(boot.CommandLine, "panic");
            if (CommandLine.Equals(panic, "throw"))
                throw new System.InvalidOperationException("deliberate panic requested by panic=throw");
            if (CommandLine.Equals(panic, "fault"))
                DeliberateFault();
            if (CommandLine.Equals(panic, "stack"))
                KernelConsole.WriteDecimal(Recurse(1));

            var services = new KernelServices(platform, KernelConfig.ForMachine((ulong)platform.Frames.FreeCount));
            KernelConsole.Write("services: ");
            KernelConsole.WriteDecimal((ulong)platform.Frames.FreeCount);
            KernelConsole.WriteLine(" free 4 KiB frames; capability, IPC, task, memory and time services ready");

            if (CommandLine.HasFlag(boot.CommandLine, "selftest"))
            {
                bool passed = SelfTests.Run(machine, boot, services);
                machine.ExitEmulator(passed ? ExitPass : ExitFail);
            }

            services.ReportBootTime = CommandLine.HasFlag(boot.CommandLine, "boottime");
            var runner = new ThreadRunner(services);
            int init = boot.FindModule("init");
            if (init < 0)
            {
                KernelConsole.WriteLine("kernel: initialisation complete; no init program among the boot modules, idle");
                machine.RunThreads(runner);
            }
            SyscallError e = StartInit(services, boot, init, out Process initProcess);
            if (e != SyscallError.Success)
            {
                KernelConsole.Write("kernel: init could not be started: ");
                KernelConsole.WriteDecimal((ulong)e);
                KernelConsole.WriteLine();
                machine.ExitEmulator(ExitFail);
            }
            runner.WatchInit(initProcess);
            s_machine = machine;
            s_exitWithInit = CommandLine.HasFlag(boot.CommandLine, "ring3test") || CommandLine.HasFlag(boot.CommandLine, "bench")
                || CommandLine.HasFlag(boot.CommandLine, "fuzz") || CommandLine.HasFlag(boot.CommandLine, "exit-with-init");
            KernelConsole.WriteLine("kernel: initialisation complete; starting init in ring 3");
            machine.RunThreads(runner);
        }

        private static Machine s_machine;
        private static bool s_exitWithInit;

        // init gets every other boot module except the kernel's own (symbols, font) as program images.
        private static SyscallError StartInit(KernelServices services, BootInfo boot, int initModule, out Process init)
        {
            System.Span<int> images = stackalloc int[InitLoader.MaxCapabilities];
            int count = 0;
            for (int i = 0; i < boot.Modules.Length && count < InitLoader.MaxCapabilities - InitLoader.FirstImage; i++)
            {
                if (i == initModule || i == boot.FindModule("kernel.sym") || i == boot.FindModule("font.pf2")) continue;
                images[count++] = i;
            }
            // A boot archive module counts as its entries (InitLoader.ListImages).
            System.Span<InitLoader.Image> list = stackalloc InitLoader.Image[InitLoader.MaxCapabilities - InitLoader.FirstImage];
            int n = InitLoader.ListImages(boot, images.Slice(0, count), list);
            return InitLoader.Create(services, boot, initModule, list.Slice(0, n), out init);
        }

        /// <summary>
        /// The first process has ended. With <c>ring3test</c>, <c>bench</c>, <c>fuzz</c> or <c>exit-with-init</c> on the
        /// command line the machine stops with init's verdict (QEMU: exit status 33 for a clean exit
        /// with code 0, 35 otherwise); else the other processes keep running.
        /// </summary>
        public static void InitExited(ProcessExitInfo info)
        {
            KernelConsole.Write("kernel: init ");
            if (info.Reason == ExitReason.Exited)
            {
                KernelConsole.Write("exited with code ");
                KernelConsole.WriteSigned(info.ExitCode);
            }
            else
            {
                KernelConsole.Write("was killed: ");
                KernelConsole.Write(ThreadRunner.Describe(info.FaultCode));
                KernelConsole.Write(" at ");
                KernelConsole.WriteHex(info.FaultAddress);
            }
            KernelConsole.WriteLine();
            if (s_exitWithInit)
                s_machine.ExitEmulator(info.Reason == ExitReason.Exited && info.ExitCode == 0 ? ExitPass : ExitFail);
        }

        /// <summary>
        /// A panic has been reported. Where the machine would stop with init's verdict, it stops
        /// now with the failure status (QEMU 35) instead of halting until someone kills it.
        /// </summary>
        public static void PanicEnded()
        {
            if (s_exitWithInit)
                s_machine.ExitEmulator(ExitFail);
        }

        public static void PrintBanner(Machine machine, BootInfo boot, ulong heapBytes)
        {
            KernelConsole.Write(KernelVersion.Name);
            KernelConsole.Write(' ');
            KernelConsole.Write(KernelVersion.Version);
            KernelConsole.Write(" (");
            KernelConsole.Write(machine.Architecture);
            KernelConsole.WriteLine(")");
            KernelConsole.Write("boot loader: ");
            KernelConsole.WriteAscii(boot.BootloaderName);
            KernelConsole.WriteLine();
            KernelConsole.Write("memory: ");
            KernelConsole.WriteDecimal(boot.UsableMemoryBytes / 1024);
            KernelConsole.Write(" KiB usable (");
            KernelConsole.WriteDecimal(boot.UsableMemoryBytes / (1024 * 1024));
            KernelConsole.Write(" MiB) in ");
            KernelConsole.WriteDecimal((ulong)boot.MemoryMap.Length);
            KernelConsole.WriteLine(" regions");
            KernelConsole.Write("kernel heap: ");
            KernelConsole.WriteDecimal(heapBytes / 1024);
            KernelConsole.WriteLine(" KiB");
            KernelConsole.Write("command line: ");
            KernelConsole.WriteAscii(boot.CommandLine);
            KernelConsole.WriteLine();
            KernelConsole.Write("screen: ");
            FramebufferInfo fb = boot.Framebuffer;
            if (!fb.Present)
                KernelConsole.WriteLine("none (serial console only)");
            else
            {
                KernelConsole.WriteDecimal(fb.Width);
                KernelConsole.Write('x');
                KernelConsole.WriteDecimal(fb.Height);
                KernelConsole.WriteLine(fb.Type == 2 ? " text mode" : fb.Type == 1 ? " linear framebuffer" : " indexed framebuffer (unsupported)");
            }
            KernelConsole.Write("boot modules: ");
            KernelConsole.WriteDecimal((ulong)boot.Modules.Length);
            KernelConsole.WriteLine();
        }

        private static unsafe void LoadSymbols(BootInfo boot)
        {
            int module = boot.FindModule("kernel.sym");
            if (module < 0)
            {
                KernelConsole.WriteLine("symbols: no kernel.sym module; panics will show raw addresses");
                return;
            }
            ref BootModule m = ref boot.Modules[module];
            var table = SymbolTable.Parse(new System.ReadOnlySpan<byte>((void*)m.Start, (int)(m.End - m.Start)));
            Panic.Symbols = table;
            KernelConsole.Write("symbols: ");
            KernelConsole.WriteDecimal((ulong)table.Count);
            KernelConsole.WriteLine(" loaded");
        }

        // A real CPU fault from C#: page 0 is never mapped, so this raises a page fault.
        private static unsafe void DeliberateFault()
        {
            KernelConsole.WriteLine("panic=fault: writing through a null pointer");
            int* volatileNull = NullPointer();
            *volatileNull = 0x0BADF00D;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static unsafe int* NullPointer() => null;

        // Unbounded recursion: runs into the guard page below the kernel stack. The page fault
        // cannot be delivered on that stack, so the CPU raises a double fault, which has its own
        // (IST) stack and ends in a panic instead of a silent reset.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static ulong Recurse(ulong depth)
        {
            System.Span<ulong> frame = stackalloc ulong[32];
            frame[(int)(depth & 31)] = depth;
            return Recurse(depth + 1) + frame[(int)(depth & 31)];
        }
    }
}
