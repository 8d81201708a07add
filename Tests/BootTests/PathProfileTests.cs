using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// tools/pathprofile.sh as docs/benchmarks.md tells a developer to run it: one IPC round trip
    /// of the bench, single-stepped under icount. The report must account for every instruction
    /// of the round (the per-function lines add up to the total) and must see both sides of the
    /// trip: the kernel's handlers and the user program's UserLib wrapper.
    /// </summary>
    [Tier(Tier.Long)]
    [Collection("qemu")]
    public sealed class PathProfileTests
    {
        [Fact]
        public void The_profile_of_an_ipc_round_trip_charges_every_instruction_to_a_function()
        {
            string report = Run("--rounds", "1", "--skip", "5");

            Match head = Regex.Match(report, @"pathprofile: \S*IpcSyscalls__Call, 1 rounds, (\d+) instructions per round");
            Assert.True(head.Success, report);
            long total = long.Parse(head.Groups[1].Value);
            Assert.InRange(total, 1_000, 100_000);                  // a round trip, not a stray step or a runaway

            var lines = Regex.Matches(report, @"^\s*(\d+(?:\.\d+)?)\s+(\S+)\s*$", RegexOptions.Multiline);
            double sum = lines.Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(total, (long)Math.Round(sum));
            string[] names = lines.Select(m => m.Groups[2].Value).ToArray();
            Assert.Contains(names, n => n.EndsWith("Dispatch_IpcSyscalls__Call"));   // the kernel side
            Assert.Contains(names, n => n.EndsWith("UserLib_Sys__IpcCall"));         // the client's wrapper
            Assert.Contains(names, n => n.EndsWith("UserLib_Sys__IpcReceive"));      // the server's
        }

        [Fact]
        public void An_unknown_option_is_refused()
        {
            var (code, output) = Start("--no-such-option");
            Assert.Equal(2, code);
            Assert.Contains("unknown argument --no-such-option", output);
        }

        private static string Run(params string[] args)
        {
            var (code, output) = Start(args);
            Assert.True(code == 0, $"pathprofile exited {code}:\n{output}");
            return output;
        }

        private static (int, string) Start(params string[] args)
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(Qemu.RepoRoot, "tools", "pathprofile.sh"));
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(Qemu.Configuration);
            foreach (string a in args)
                info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(600_000))
            {
                p.Kill(true);                                      // QEMU and gdb with it
                throw new Xunit.Sdk.XunitException("pathprofile did not finish in 10 minutes");
            }
            return (p.ExitCode, stdout + stderr.Result);
        }
    }
}
