using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// What a program finds before and after its Main, in ring 3 (docs/userspace.md):
    /// _start (Programs/UserRuntime/x86_64/start.asm) → <see cref="Start"/>: the runtime's statics, then ILC's
    /// <c>__managed__Main</c>, which asks for the arguments (<see cref="MainArguments"/>) and
    /// calls <c>static int Main(string[] args)</c>; its return value goes to SYS_EXIT.
    /// Also the ring-3 half of what Runtime/ imports: the heap and the end of an unhandled throw.
    /// </summary>
    public static unsafe class Process
    {
        /// <summary>Exit code of a process ended by an exception nobody caught.</summary>
        public const int UnhandledExceptionExitCode = 255;

        /// <summary>Exit code when the runtime cannot start (no module header, no memory).</summary>
        public const int StartupFailureExitCode = 254;

        // Unmanaged statics only: they are usable before the runtime has initialised anything.
        private static StartInfo* s_startInfo;
        private static int s_dying;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "__managed__Main")]
        private static extern int ManagedMain(int argc, void* argv);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_modules_start")]
        private static extern void** ModulesStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_modules_end")]
        private static extern void** ModulesEnd();

        /// <summary>The block the kernel wrote at the top of the initial stack.</summary>
        public static StartInfo* StartInfo => s_startInfo;

        public static int CapabilityCount => s_startInfo == null ? 0 : (int)s_startInfo->CapabilityCount;

        /// <summary>The i-th capability granted at creation, or the null capability.</summary>
        public static Capability GrantedCapability(int index)
        {
            if (index < 0 || index >= CapabilityCount) return Capability.Null;
            return ((Capability*)s_startInfo->Capabilities)[index];
        }

        /// <summary>By convention the first granted capability of every program is the console.</summary>
        public static Capability ConsoleCapability => GrantedCapability(0);

        /// <summary>Ends the process with <paramref name="code"/> after writing out buffered console text.</summary>
        public static void Exit(int code)
        {
            Console.Flush();
            Sys.Exit(code);
        }

        [RuntimeExport("veridian_user_start")]
        private static void Start(StartInfo* info)
        {
            s_startInfo = info;
            if (Veridian.Runtime.Startup.InitializeModules(ModulesStart(), ModulesEnd()) < 1)
                Sys.Exit(StartupFailureExitCode);
            Exit(ManagedMain((int)info->ArgCount, info));
        }

        /// <summary>
        /// Main's string[]: each UserString of the StartInfo before the environment marker
        /// (<see cref="Environment.Marker"/>), bytes widened to chars (ASCII). The strings after
        /// the marker are the environment (<see cref="Environment"/>), not arguments.
        /// </summary>
        [RuntimeExport("veridian_main_arguments")]
        private static string[] MainArguments()
        {
            int count = Environment.ArgumentCount;
            var args = new string[count];
            for (int i = 0; i < count; i++)
                args[i] = RawArgument(i);
            return args;
        }

        /// <summary>The i-th string the kernel passed (arguments, marker and environment alike).</summary>
        public static string RawArgument(int index)
        {
            var strings = (UserString*)s_startInfo->Args;
            return Text.FromBytes((byte*)strings[index].Pointer, (int)strings[index].Length);
        }

        /// <summary>How many strings the kernel passed.</summary>
        public static int RawArgumentCount => s_startInfo == null ? 0 : (int)s_startInfo->ArgCount;

        /// <summary>True if the i-th raw string has exactly these bytes (allocates nothing).</summary>
        public static bool RawArgumentIs(int index, string text)
        {
            var strings = (UserString*)s_startInfo->Args;
            if ((int)strings[index].Length != text.Length) return false;
            byte* p = (byte*)strings[index].Pointer;
            for (int i = 0; i < text.Length; i++)
                if (p[i] != text[i]) return false;
            return true;
        }

        [RuntimeExport("veridian_heap_alloc")]
        private static void* HeapAlloc(nuint size) => UserHeap.Allocate(size);

        [RuntimeExport("veridian_heap_free")]
        private static void HeapFree(void* block)
        {
            if (!UserHeap.Free(block))
                Die("heap: free of a block the heap did not hand out, or freed twice", null);
        }

        [RuntimeExport("veridian_out_of_memory")]
        private static void OutOfMemory(nuint size) => Die("out of memory", null);

        /// <summary>Every throw ends here (there is no unwinder, so no catch): report and exit.</summary>
        [RuntimeExport("veridian_panic_exception")]
        private static void UnhandledException(Exception exception)
        {
            Die(null, exception);
        }

        private static void Die(string reason, Exception exception)
        {
            // A second failure while reporting the first (or in another thread) exits at once.
            if (s_dying++ != 0) Sys.Exit(UnhandledExceptionExitCode);
            Console.Flush();
            if (exception != null)
            {
                Console.Write("unhandled exception: ");
                ExceptionNames.Write(exception);
                Console.Write(": ");
                Console.WriteLine(exception.Message);
            }
            else
            {
                Console.Write("fatal: ");
                Console.WriteLine(reason);
            }
            Console.Flush();
            Sys.Exit(UnhandledExceptionExitCode);
        }
    }
}
