using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    [Tier(Tier.Boot)]
    [Collection("qemu")]
    public sealed class BootTests
    {
        private const string Idle = "kernel: initialisation complete";
        private const string Halted = "*** system halted ***";

        [Fact]
        public void Bios_boot_prints_banner_memory_and_command_line()
        {
            string token = "veridian-test-" + System.Guid.NewGuid().ToString("N").Substring(0, 8);
            var boot = Qemu.Boot(Qemu.MakeIso("quiet " + token), untilMarker: Idle);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("VeridianOS for .NET 0.1.0 (x86_64)", boot.Serial);
            Assert.Contains("boot loader: GRUB", boot.Serial);
            Assert.Contains("command line: quiet " + token, boot.Serial);
            Assert.Matches(new Regex(@"symbols: \d+ loaded"), boot.Serial);
            Assert.Matches(new Regex(@"services: \d{4,} free 4 KiB frames"), boot.Serial);
            Assert.InRange(UsableKiB(boot.Serial), 240 * 1024, 256 * 1024);
        }

        [Fact]
        public void Memory_total_follows_the_machine()
        {
            var boot = Qemu.Boot(Qemu.MakeIso(""), memory: "512M", untilMarker: Idle);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.InRange(UsableKiB(boot.Serial), 490 * 1024, 512 * 1024);
        }

        [Theory]
        [InlineData("32M")]
        [InlineData("8G")]
        public void Every_usable_frame_is_given_to_the_frame_allocator_from_32_MiB_to_8_GiB(string memory)
        {
            var boot = Qemu.Boot(Qemu.MakeIso(""), memory: memory, untilMarker: Idle, timeoutSeconds: 180);

            Assert.True(boot.MarkerSeen, boot.ToString());
            long usable = UsableKiB(boot.Serial);
            long heap = long.Parse(Regex.Match(boot.Serial, @"kernel heap: (\d+) KiB").Groups[1].Value);
            var frames = Regex.Match(boot.Serial, @"services: (\d+) free 4 KiB frames");
            Assert.True(frames.Success, boot.ToString());
            // Everything but the heap, the image, the boot modules and the first MiB becomes frames.
            // The user programs on the ISO (iso/out/<Configuration>/bin, docs/userspace.md) are boot modules too.
            Assert.InRange(long.Parse(frames.Groups[1].Value) * 4 + heap, usable - 2048 - ProgramModulesKiB(), usable);
        }

        [Theory]
        [InlineData("qemu64", "veridian: this CPU lacks x86-64-v2")]
        [InlineData("pentium3", "veridian: this CPU has no 64-bit long mode")]
        public void A_cpu_without_what_the_kernel_is_compiled_for_gets_a_message_not_a_reset(string cpu, string message)
        {
            // The last -cpu on QEMU's command line wins over the default "max".
            var boot = Qemu.Boot(Qemu.MakeIso(""), untilMarker: message, timeoutSeconds: 60, extraArguments: "-cpu " + cpu);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.DoesNotContain("VeridianOS for .NET", boot.Serial);
        }

        [Fact]
        public void Bios_self_tests_pass_and_exit_qemu()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("selftest"));
            AssertSelfTestsPassed(boot);
        }

        [Fact]
        public void Uefi_self_tests_pass_and_exit_qemu()
        {
            Assert.True(System.IO.File.Exists(Qemu.Ovmf), "OVMF firmware missing: tools/prereqs.sh installs the ovmf package");
            var boot = Qemu.Boot(Qemu.MakeIso("selftest"), uefi: true, timeoutSeconds: 240);
            AssertSelfTestsPassed(boot);
        }

        [Fact]
        public void Thrown_exception_panics_with_type_message_registers_and_symbols()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("panic=throw"), untilMarker: Halted);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("*** KERNEL PANIC ***", boot.Serial);
            Assert.Contains("reason: unhandled exception", boot.Serial);
            Assert.Contains("exception: System_InvalidOperationException: deliberate panic requested by panic=throw", boot.Serial);
            Assert.Matches(new Regex(@"rax 0x[0-9a-f]{16}"), boot.Serial);
            Assert.Matches(new Regex(@"0x[0-9a-f]{16} <Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__Start\+0x[0-9a-f]+>"), boot.Serial);
        }

        [Fact]
        public void Cpu_fault_panics_with_the_faulting_method_by_name()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("panic=fault"), untilMarker: Halted);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("exception: #PF page fault (vector 14)", boot.Serial);
            Assert.Contains("address 0x0", boot.Serial);
            Assert.Matches(new Regex(@"rip: 0x[0-9a-f]{16} <Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__DeliberateFault\+0x[0-9a-f]+>"), boot.Serial);
            Assert.Contains("cs 0x0008", boot.Serial);
        }

        [Fact]
        public void Kernel_stack_overflow_is_a_double_fault_panic_not_a_reset()
        {
            var boot = Qemu.Boot(Qemu.MakeIso("panic=stack"), untilMarker: Halted);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("exception: #DF double fault (vector 8)", boot.Serial);
            Assert.Contains("KernelMain__Recurse", boot.Serial);
        }

        [Fact]
        public void Run_script_selftest_boots_the_release_kernel_with_the_command_line_given()
        {
            // What a user types instead of editing make-iso.sh: ./run.sh --selftest --cmdline "...".
            string token = "veridian-run-" + System.Guid.NewGuid().ToString("N").Substring(0, 8);
            var (code, output) = Qemu.Run("bash", $"\"{System.IO.Path.Combine(Qemu.RepoRoot, "run.sh")}\" --selftest --cmdline \"quiet {token}\"",
                                          System.TimeSpan.FromMinutes(10));
            output = output.Replace("\r", "");

            Assert.True(code == 0, "run.sh --selftest did not report a pass:\n" + output);
            Assert.Contains("command line: selftest quiet " + token, output);
            Assert.Matches(new Regex(@"selftest: \d+ passed, 0 failed"), output);
            Assert.Contains("run.sh: self-tests passed", output);
            // The kernel that booted is the Release one: it loaded exactly Release's kernel.sym.
            int releaseSymbols = System.IO.File.ReadAllLines(System.IO.Path.Combine(Qemu.OutputDir("Release"), "kernel.sym")).Length;
            Assert.Contains($"symbols: {releaseSymbols} loaded", output);
        }

        private static void AssertSelfTestsPassed(BootResult boot)
        {
            Assert.False(boot.TimedOut, boot.ToString());
            Assert.DoesNotContain("FAILED", boot.Serial);
            var summary = Regex.Match(boot.Serial, @"selftest: (\d+) passed, (\d+) failed");
            Assert.True(summary.Success, boot.ToString());
            Assert.True(int.Parse(summary.Groups[1].Value) >= 21, boot.ToString());
            // The managed services ran on the machine: this line came through SYS_WRITE.
            Assert.Contains("services: hello through SYS_WRITE\n", boot.Serial);
            Assert.Equal("0", summary.Groups[2].Value);
            Assert.Equal(Qemu.SelfTestPassExit, boot.ExitCode);
        }

        // At most what the user programs occupy as boot modules (make-iso.sh may strip them).
        private static long ProgramModulesKiB()
        {
            string bin = System.IO.Path.Combine(Qemu.KernelDir, "bin");
            if (!System.IO.Directory.Exists(bin)) return 0;
            long kib = 0;
            foreach (string file in System.IO.Directory.GetFiles(bin))
                kib += (new System.IO.FileInfo(file).Length + 4095) / 4096 * 4;
            return kib;
        }

        private static long UsableKiB(string serial)
        {
            var m = Regex.Match(serial, @"memory: (\d+) KiB usable");
            Assert.True(m.Success, serial);
            return long.Parse(m.Groups[1].Value);
        }
    }
}
