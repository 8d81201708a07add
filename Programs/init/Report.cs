using Veridian.Syscalls;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>Console wording for errors and exit information.</summary>
    internal static class Report
    {
        public static void Error(string what, SyscallError e)
        {
            Console.Write(what);
            Console.Write(": ");
            Console.WriteLine(Names.Of(e));
        }

        /// <summary>"exited 0", "faulted PageFault at 0x...", "killed -1" (no newline).</summary>
        public static void ExitInfo(ProcessExitInfo info)
        {
            switch (info.Reason)
            {
                case ExitReason.Exited:
                    Console.Write("exited ");
                    Console.WriteDecimal(info.ExitCode);
                    break;
                case ExitReason.Faulted:
                    Console.Write("faulted ");
                    Console.Write(Names.Of(info.FaultCode));
                    Console.Write(" at ");
                    Console.WriteHex(info.FaultAddress);
                    break;
                default:
                    Console.Write("killed ");
                    Console.WriteDecimal(info.ExitCode);
                    break;
            }
        }
    }
}
