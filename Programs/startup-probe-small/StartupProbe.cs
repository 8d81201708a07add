using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// Start-up path length of a small-runtime program, the twin of Programs/DotNet/startup-probe
    /// (docs/benchmarks.md "Threads and start-up (.NET)"). The first statement of Main reads the
    /// TSC; run by <c>bench startup</c>, args[1] is the TSC the parent read just before its
    /// SYS_PROCESS_CREATE: prints the difference and returns it as the exit code (clamped to
    /// int.MaxValue), which is how bench learns it. Run alone it says so and returns 0.
    /// </summary>
    public static class StartupProbe
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_rdtsc")]
        private static extern ulong Rdtsc();

        public static int Main(string[] args)
        {
            ulong now = Rdtsc();
            if (args.Length < 2 || args[1].Length == 0 || !Digits(args[1]))
            {
                Console.WriteLine("startup-probe-small: run it as `bench startup startup-probe-small` (needs the parent's TSC as the argument)");
                return 0;
            }
            ulong delta = now - (ulong)Text.ParseDecimal(args[1], 0, args[1].Length);
            Console.Write("startup-probe-small: Main reached ");
            Console.WriteDecimal(delta);
            Console.WriteLine(" instructions after the parent's SYS_PROCESS_CREATE");
            return delta > int.MaxValue ? int.MaxValue : (int)delta;
        }

        private static bool Digits(string s)
        {
            for (int i = 0; i < s.Length; i++)
                if (s[i] < '0' || s[i] > '9') return false;
            return true;
        }
    }
}
