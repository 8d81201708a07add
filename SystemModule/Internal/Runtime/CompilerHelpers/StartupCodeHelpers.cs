using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>
    /// What the <c>__managed__Main</c> ILC generates for an executable (user programs; the kernel
    /// is a --nativelib and never reaches this) calls before the program's Main. ILC looks these
    /// methods up by name. The arguments come from the user runtime
    /// (Programs/UserRuntime/Start.cs, <c>veridian_main_arguments</c>), which builds them from the
    /// process's StartInfo; see docs/userspace.md.
    /// </summary>
    internal static unsafe class StartupCodeHelpers
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_main_arguments")]
        private static extern string[] MainArguments();

        // argc/argv are whatever the caller of __managed__Main passed; the user runtime keeps
        // the StartInfo itself, so there is nothing to record here.
        internal static void InitializeCommandLineArgs(int argc, sbyte** argv) { }

        internal static string[] GetMainMethodArguments() => MainArguments();
    }
}
