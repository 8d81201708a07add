using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.BootTests
{
    /// <summary>
    /// User space on the machine: init and the programs on the ISO (docs/userspace.md).
    /// With ring3test, init runs every ring-3 kernel test (Tests/Kernel) and its exit ends
    /// QEMU: status 33 only if every test passed.
    /// </summary>
    [Collection("qemu")]
    public sealed class Ring3BootTests
    {
        private static readonly string[] Tests =
        {
            "test-syscalls", "test-ipc", "test-caps", "test-threads", "test-time", "test-pointers",
            "test-runtime", "test-unhandled-exception",
            "test-isolation-kernel-read", "test-isolation-kernel-jump", "test-isolation-code-write",
            "test-isolation-stack-exec", "test-isolation-heap-exec", "test-isolation-foreign-read",
            "test-isolation-cli", "test-isolation-hlt", "test-isolation-in", "test-isolation-wrmsr",
            "test-isolation-cr3", "test-isolation-ud2", "test-isolation-divide", "test-isolation-int3",
            "test-isolation-stack-overflow",
        };

        [Fact]
        public void Ring3_tests_all_pass_and_init_ends_qemu_with_33()
        {
            AssertAllRing3TestsPassed(Qemu.Boot(Qemu.MakeIso("ring3test"), timeoutSeconds: 400));
        }

        [Fact]
        public void Uefi_ring3_tests_all_pass_and_init_ends_qemu_with_33()
        {
            Assert.True(System.IO.File.Exists(Qemu.Ovmf), "OVMF firmware missing: tools/prereqs.sh installs the ovmf package");
            AssertAllRing3TestsPassed(Qemu.Boot(Qemu.MakeIso("ring3test"), uefi: true, timeoutSeconds: 400));
        }

        private static void AssertAllRing3TestsPassed(BootResult boot)
        {
            Assert.False(boot.TimedOut, boot.ToString());
            Assert.Contains("init: started", boot.Serial);
            Assert.DoesNotContain("ring3: FAIL", boot.Serial);
            foreach (string test in Tests)
                Assert.Contains("ring3: PASS " + test + "\n", boot.Serial);
            var summary = Regex.Match(boot.Serial, @"ring3: summary (\d+) passed, (\d+) failed");
            Assert.True(summary.Success, boot.ToString());
            Assert.True(int.Parse(summary.Groups[1].Value) >= Tests.Length, boot.ToString());
            Assert.Equal("0", summary.Groups[2].Value);
            // The runtime's end of an uncaught throw, printed by the program itself.
            Assert.Contains("unhandled exception: System.InvalidOperationException: ring-3 throw test\n", boot.Serial);
            Assert.Equal(Qemu.SelfTestPassExit, boot.ExitCode);
        }

        [Fact]
        public void Default_boot_runs_hello_in_ring_3_with_its_args()
        {
            var boot = Qemu.Boot(Qemu.MakeIso(""), untilMarker: "init: hello exited 0");

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("init: started\n", boot.Serial);
            Assert.Contains("Hello from ring 3\n", boot.Serial);
            Assert.Contains("hello: args[0] = hello\n", boot.Serial);
            Assert.Contains("hello: args[3] = init\n", boot.Serial);
        }

        [Fact]
        public void Bench_reports_min_and_median_per_operation_and_exits_33()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("bench"), timeoutSeconds: 300);

            Assert.False(boot.TimedOut, boot.ToString());
            foreach (string op in new[] { "null-syscall", "yield", "capability-validate", "ipc-call-reply-64b", "thread-switch", "mmap-touch-munmap-4k" })
                Assert.Matches(new Regex("bench: " + op + @" min \d+ median \d+\n"), boot.Serial);
            Assert.Equal(Qemu.SelfTestPassExit, boot.ExitCode);
        }
    }
}
