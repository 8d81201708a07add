using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// User space on the machine: init and the programs on the ISO (docs/userspace.md).
    /// With ring3test, init runs every ring-3 kernel test (Tests/Kernel) and its exit ends
    /// QEMU: status 33 only if every test passed.
    /// </summary>
    [Tier(Tier.Boot)]
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
            "test-futex", "test-tls", "test-exceptions", "test-exceptions-nested", "test-exceptions-cleared",
            "test-exceptions-bad-stack", "test-suspend",
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
            Assert.Contains("unhandled exception: Veridian.Tests.Kernel.RingThreeException: ring-3 throw test\n", boot.Serial);
            Assert.Equal(Qemu.SelfTestPassExit, boot.ExitCode);
        }

        // The harness itself: a test that exits 2 must be reported and must fail the run (35).
        // The ISO gets one more program, the isolation image under a name no case knows.
        [Fact]
        public void A_failing_ring3_test_is_reported_and_ends_qemu_with_35()
        {
            string kernelDir = System.IO.Directory.CreateTempSubdirectory("veridian-kernel-").FullName;
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(kernelDir, "bin"));
            foreach (string file in new[] { "kernel.elf", "kernel.sym" })
                System.IO.File.Copy(System.IO.Path.Combine(Qemu.KernelDir, file), System.IO.Path.Combine(kernelDir, file));
            foreach (string program in new[] { "init", "test-caps" })
                System.IO.File.Copy(System.IO.Path.Combine(Qemu.KernelDir, "bin", program), System.IO.Path.Combine(kernelDir, "bin", program));
            System.IO.File.Copy(System.IO.Path.Combine(Qemu.KernelDir, "bin", "test-isolation-ud2"),
                System.IO.Path.Combine(kernelDir, "bin", "test-deliberate-failure"));
            string iso = System.IO.Path.Combine(kernelDir, "veridian.iso");
            var (code, output) = Qemu.Run("bash", $"\"{System.IO.Path.Combine(Qemu.RepoRoot, "iso", "make-iso.sh")}\" \"{kernelDir}\" \"{iso}\" ring3test",
                System.TimeSpan.FromSeconds(120));
            Assert.True(code == 0, output);

            var boot = Qemu.Boot(iso, timeoutSeconds: 300);

            Assert.False(boot.TimedOut, boot.ToString());
            Assert.Contains("ring3: PASS test-caps\n", boot.Serial);
            Assert.Contains("ring3: FAIL test-deliberate-failure expected exited 0, got exited 2\n", boot.Serial);
            // The isolation cases init expects but this ISO lacks are failures too.
            Assert.Contains("ring3: FAIL test-isolation-ud2 not on the boot image\n", boot.Serial);
            Assert.Matches(new Regex(@"ring3: summary 1 passed, \d+ failed"), boot.Serial);
            Assert.Equal(Qemu.SelfTestFailExit, boot.ExitCode);
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
