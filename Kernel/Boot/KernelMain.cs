using Veridian.Kernel.Console;
using Veridian.Kernel.Diagnostics;

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

            KernelConsole.WriteLine("kernel: initialisation complete; idle (the ring-3 shell arrives with the next milestone)");
            machine.HaltForever();
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
