using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>How a .NET process ends: SYS_EXIT with Main's result, or a fail-fast with a message.</summary>
    internal static unsafe class ProcessExit
    {
        /// <summary>Exit code of a fail-fast (as SIGABRT's 128 + 6 on Linux).</summary>
        public const int FailFastExitCode = 134;

        public static void Exit(int code) => Sys.Exit(code);

        public static void FailFast(string message) => FailFastWith(FailFastExitCode, message);

        public static void FailFastWith(int code, string message)
        {
            Pal.Console.WriteLine(message);
            Sys.Exit(code);
        }
    }
}
