using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Veridian.Tests.Fuzz
{
    /// <summary>
    /// Runs fuzz worlds one seed after another, and when one fails, shrinks its steps to a
    /// minimal sequence that still fails the same way and reports it with the seed.
    /// </summary>
    public static class SyscallFuzzer
    {
        public sealed class Result
        {
            public int Worlds;
            public long Steps;
            public long Succeeded;
            public long Blocked;
            public long MessagesAccepted;
            public long MessagesReceived;
            public string Report;
        }

        /// <summary>Worlds from <paramref name="firstSeed"/> on, until <paramref name="worlds"/> ran or <paramref name="budget"/> passed.</summary>
        public static Result Run(int firstSeed, int worlds, int stepsPerWorld, TimeSpan budget)
        {
            var result = new Result();
            var watch = Stopwatch.StartNew();
            for (int seed = firstSeed; result.Worlds < worlds && watch.Elapsed < budget; seed++)
            {
                List<FuzzStep> steps = FuzzGenerator.Steps(seed, stepsPerWorld);
                var world = new FuzzWorld();
                string failure = world.Run(steps);
                result.Worlds++;
                result.Steps += world.StepsRun;
                result.Succeeded += world.Succeeded;
                result.Blocked += world.Blocked;
                result.MessagesAccepted += world.MessagesAccepted;
                result.MessagesReceived += world.MessagesReceived;
                if (failure != null)
                {
                    result.Report = Reproduce(seed, steps, failure);
                    return result;
                }
            }
            return result;
        }

        /// <summary>The failure, the seed, and the smallest step list found that fails with the same first line.</summary>
        public static string Reproduce(int seed, List<FuzzStep> steps, string failure)
        {
            string kind = Kind(failure);
            List<FuzzStep> minimal = Shrink(steps, kind);
            var b = new StringBuilder();
            b.AppendLine($"syscall fuzzer: world with seed {seed} failed: {failure}");
            b.AppendLine($"minimal reproduction ({minimal.Count} of {steps.Count} steps, replay with FuzzWorld.Run on a fresh FuzzWorld):");
            for (int i = 0; i < minimal.Count; i++)
                b.AppendLine($"  {i,4}: {minimal[i]}");
            b.AppendLine($"rerun: VERIDIAN_FUZZ_SEED={seed} VERIDIAN_FUZZ_WORLDS=1 dotnet test Tests/HostTests/HostTests.csproj --filter FullyQualifiedName~SyscallFuzzTests");
            return b.ToString();
        }

        private static string Kind(string failure)
        {
            string first = failure.Split('\n')[0];
            int step = first.IndexOf("step ", StringComparison.Ordinal);
            // "exception ... at step 12: X" and "step 12: ..." differ only in the number.
            return step < 0 ? first : first.Substring(0, step) + first.Substring(first.IndexOf(':', step) + 1);
        }

        /// <summary>Removes chunks of steps (halves, quarters, ... single steps) while the failure stays the same.</summary>
        private static List<FuzzStep> Shrink(List<FuzzStep> steps, string kind)
        {
            var current = new List<FuzzStep>(steps);
            int attempts = 0;
            for (int chunk = Math.Max(1, current.Count / 2); chunk >= 1 && attempts < 2000; chunk /= 2)
            {
                for (int start = 0; start < current.Count && attempts < 2000;)
                {
                    var candidate = new List<FuzzStep>(current);
                    candidate.RemoveRange(start, Math.Min(chunk, candidate.Count - start));
                    attempts++;
                    string f = new FuzzWorld().Run(candidate);
                    if (f != null && Kind(f) == kind)
                        current = candidate;
                    else
                        start += chunk;
                }
                if (chunk == 1)
                    break;
            }
            return current;
        }
    }
}
