using System;
using Xunit;
using Xunit.Abstractions;

namespace Veridian.Tests.Fuzz
{
    /// <summary>
    /// The host syscall fuzzer (issue 7). By default a bounded run of a few seconds inside the
    /// normal test command. For a long run (docs/kernel-services.md, "Fuzzing"):
    /// <c>VERIDIAN_FUZZ_SECONDS=600 VERIDIAN_FUZZ_SEED=1000 dotnet test Tests/HostTests/HostTests.csproj --filter FullyQualifiedName~SyscallFuzzTests</c>.
    /// A failure prints the seed and a shrunk, minimal step list.
    /// </summary>
    public class SyscallFuzzTests
    {
        private readonly ITestOutputHelper output;

        public SyscallFuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        private static int Env(string name, int fallback)
        {
            string v = Environment.GetEnvironmentVariable(name);
            return int.TryParse(v, out int n) ? n : fallback;
        }

        [Fact]
        public void Random_syscalls_from_many_processes_leave_no_exception_leak_duplicate_or_loss()
        {
            int seconds = Env("VERIDIAN_FUZZ_SECONDS", 0);
            int seed = Env("VERIDIAN_FUZZ_SEED", 1);
            int worlds = Env("VERIDIAN_FUZZ_WORLDS", seconds > 0 ? int.MaxValue : 40);
            int steps = Env("VERIDIAN_FUZZ_STEPS", 300);
            TimeSpan budget = seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(20);

            var result = SyscallFuzzer.Run(seed, worlds, steps, budget);

            output.WriteLine($"syscall fuzzer: {result.Worlds} worlds, {result.Steps} steps ({result.Succeeded} calls succeeded, " +
                $"{result.Blocked} blocked), {result.MessagesAccepted} tracked messages sent, {result.MessagesReceived} received, " +
                $"seeds {seed}..{seed + result.Worlds - 1}");
            foreach (var (what, n) in System.Linq.Enumerable.OrderBy(FuzzWorld.Outcomes, x => x.Key))
                output.WriteLine($"  {what}: {n}");
            if (result.Report != null)
            {
                output.WriteLine(result.Report);
                Console.Error.WriteLine(result.Report);
            }
            Assert.True(result.Worlds > 0);
            Assert.Null(result.Report);
        }
    }
}
