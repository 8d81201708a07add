using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// A bounded run of the ring-3 syscall fuzzer (docs/testing.md "The ring-3 syscall fuzzer"):
    /// with `fuzz SEED COUNT PROCESSES` init runs the fuzz processes, and exits QEMU with 33 only
    /// if no kernel fault was seen and memory and every kernel object count came back. A panic
    /// ends QEMU with 35 at once (docs/boot.md "init's end").
    /// </summary>
    [Tier(Tier.Boot)]
    [Collection("qemu")]
    public sealed class FuzzBootTests
    {
        [Fact]
        public void Twenty_thousand_random_calls_from_four_processes_leave_no_kernel_fault_and_no_leak()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("fuzz 1 20000 4"), timeoutSeconds: 400, untilMarker: "*** system halted ***");

            Assert.False(boot.TimedOut, boot.ToString());
            Assert.DoesNotContain("KERNEL PANIC", boot.Serial);
            Assert.DoesNotContain("fuzz: anomaly", boot.Serial);
            Assert.Contains("fuzz: seed 1, 20000 calls, 4 processes x 3 threads\n", boot.Serial);
            Assert.Contains("fuzz: free memory and kernel object counts are back where they were\n", boot.Serial);
            Match m = Regex.Match(boot.Serial, @"fuzz: (\d+) calls, 0 kernel faults\n");
            Assert.True(m.Success, boot.ToString());
            Assert.True(long.Parse(m.Groups[1].Value) >= 20000, boot.ToString());
            Assert.Equal(Qemu.SelfTestPassExit, boot.ExitCode);
        }
    }
}
