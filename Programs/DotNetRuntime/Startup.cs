using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.RuntimeCore;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// What NativeAOT's bootstrapper and runtime initialisation do, for a VeridianOS process
    /// (docs/dotnet.md "Start-up"): _start (x86_64/dotnet.asm) → <see cref="Stack"/> (a bigger
    /// stack) → <see cref="Main"/>: the heaps, the arguments, CoreLib's own InitializeModules
    /// (type managers, statics, eager constructors), then ILC's <c>__managed__Main</c>, whose
    /// result goes to SYS_EXIT.
    /// </summary>
    internal static unsafe class Startup
    {
        /// <summary>The main thread's stack: CoreLib's code paths are deeper than the kernel's 64 KiB default.</summary>
        public const ulong MainStackSize = 1024 * 1024;

        /// <summary>Exit code when the runtime cannot start (no memory for its stack or heaps).</summary>
        public const int StartupFailureExitCode = 254;

        private const int ClasslibFunctionCount = 14;

        private static StartInfo* s_startInfo;
        private static ulong s_mappedStackTop;   // the top of the stack Stack mapped (0 if it could not)

        public static StartInfo* Info => s_startInfo;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__managed__Main")]
        private static extern int ManagedMain(int argc, byte** argv);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "InitializeModules")]
        private static extern void InitializeModules(void* osModule, void** modules, int count, void** classlibFunctions, int classlibCount);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_modules_start")]
        private static extern void** ModulesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_modules_end")]
        private static extern void** ModulesEnd();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_classlib_functions")]
        private static extern void** ClasslibFunctions();

        [RuntimeExport("veridian_dotnet_stack")]
        private static ulong Stack(StartInfo* info)
        {
            SysResult map = PageMapper.TryMap(0, MainStackSize);
            s_mappedStackTop = map.IsOk ? map.Value + MainStackSize : 0;
            return s_mappedStackTop;
        }

        // Hidden from stack traces: a report ends at the program's Main, as on any OS.
        [RuntimeExport("veridian_dotnet_main"), System.Diagnostics.StackTraceHidden]
        private static void Main(StartInfo* info, ulong stackTop)
        {
            s_startInfo = info;
            // The runtime's own 1 MiB stack, or the kernel's 64 KiB one if that could not be mapped.
            ulong stackLow = stackTop - (stackTop == s_mappedStackTop ? MainStackSize : Abi.InitialStackSize);
            if (!Threads.InitializeMain(stackLow, stackTop) || !NativeHeap.Initialize() || !GcHeap.Initialize())
                Sys.Exit(StartupFailureExitCode);
            int argc = Arguments.Count(info);
            byte** argv = Arguments.Build(info, argc);
            if (argv == null)
                Sys.Exit(StartupFailureExitCode);
            FaultHandler.Install();
            void** modules = ModulesStart();
            InitializeModules(ImageBase, modules, (int)(ModulesEnd() - modules), ClasslibFunctions(), ClasslibFunctionCount);
            Finalization.EnableThread();
            int code = ManagedMain(argc, argv);
            ProcessExit.Exit(code);
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_image_base")]
        private static extern void* ImageBaseAddress();

        /// <summary>Where the program's ELF image starts (its headers), as NativeAOT's "OS module".</summary>
        public static void* ImageBase => ImageBaseAddress();
    }
}
