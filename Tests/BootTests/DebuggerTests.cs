using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Veridian.BootTests
{
    /// <summary>
    /// The debugging path users rely on: QEMU's GDB stub plus gdb with the kernel's symbols,
    /// breaking in a C# method by name and by File.cs:line, printing its arguments.
    /// </summary>
    [Collection("qemu")]
    public sealed class DebuggerTests
    {
        private const string BannerMethod = "Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__PrintBanner";

        [Fact]
        public void Gdb_stops_in_a_csharp_method_by_name_and_prints_its_arguments()
        {
            string output = RunGdbSession($"hbreak {BannerMethod}");

            Assert.Contains("breakpoint 1, " + BannerMethod, output);
            Assert.Contains("KernelMain.cs", output);
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"heapBytes = \d+"), output);
        }

        [Fact]
        public void Gdb_steps_and_prints_locals_and_object_fields()
        {
            string output = RunGdbSession($"hbreak {BannerMethod}",
                "next", "next", "info locals", "print boot->Framebuffer.Width", "print boot->MemoryMap->_numComponents");

            Assert.Contains("KernelConsole.Write(KernelVersion.Version);", output);         // stepped two lines
            Assert.Contains("fb = {Address = ", output);                                   // a struct local, by field
            var fields = System.Text.RegularExpressions.Regex.Matches(output, @"\$\d+ = (\d+)");
            Assert.Equal(2, fields.Count);
            Assert.True(int.Parse(fields[0].Groups[1].Value) >= 640, output);              // a field of a C# object
            Assert.True(int.Parse(fields[1].Groups[1].Value) >= 3, output);                // an array's length
        }

        [Fact]
        public void Gdb_stops_at_a_csharp_file_and_line()
        {
            string source = Path.Combine(Qemu.RepoRoot, "Kernel", "Boot", "KernelMain.cs");
            int line = Array.FindIndex(File.ReadAllLines(source), l => l.Contains("KernelConsole.Write(\"memory: \");")) + 1;
            Assert.True(line > 0, "marker line not found in KernelMain.cs");

            string output = RunGdbSession($"hbreak KernelMain.cs:{line}");

            Assert.Contains($"KernelMain.cs:{line}", output);
            Assert.Contains(BannerMethod, output);
        }

        [Fact]
        public void Debug_script_debugs_the_debug_kernel_even_after_a_release_build()
        {
            // The stale-build trap: a Release build (./run.sh) must not replace what ./debug.sh debugs.
            var (built, buildOutput) = Qemu.Run("dotnet", $"build \"{Path.Combine(Qemu.RepoRoot, "iso", "Veridian.Iso.csproj")}\" -c Release -nologo -v quiet",
                                                TimeSpan.FromMinutes(10));
            Assert.True(built == 0, "Release build failed:\n" + buildOutput);
            string releaseElf = Path.Combine(Qemu.OutputDir("Release"), "kernel.elf");
            string debugElf = Path.Combine(Qemu.OutputDir("Debug"), "kernel.elf");
            Assert.True(File.Exists(Path.Combine(Qemu.OutputDir("Release"), "veridian.iso")), "no Release ISO");

            string output = RunDebugScript(BannerMethod, "info files", "compare-sections -r", "info locals");

            Assert.Contains($"Symbols from \"{debugElf}\"", output);
            Assert.Contains("breakpoint 1, " + BannerMethod, output);
            // The kernel QEMU booted is the one gdb has symbols for: its code matches the file...
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"Section \.text, range 0x[0-9a-f]+ -- 0x[0-9a-f]+: matched\."), output);
            Assert.DoesNotContain("MIS-MATCHED", output);
            // ...and it is the unoptimised one, whose locals gdb can show (the Release kernel has "No locals").
            Assert.Contains("fb = {Address = ", output);
            Assert.NotEqual(File.ReadAllBytes(releaseElf), File.ReadAllBytes(debugElf));
        }

        /// <summary>./debug.sh --batch on a free port: what a user gets, driven without a terminal.</summary>
        private static string RunDebugScript(string breakpoint, params string[] commands)
        {
            string args = $"\"{Path.Combine(Qemu.RepoRoot, "debug.sh")}\" --batch --port {Qemu.FreePort()} \"{breakpoint}\" -- " +
                          string.Concat(Array.ConvertAll(commands, c => $"-ex \"{c}\" "));
            var (code, output) = Qemu.Run("bash", args, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "debug.sh failed:\n" + output);
            return output.Replace("Breakpoint", "breakpoint");
        }

        private static string RunGdbSession(string breakpoint, params string[] commands)
        {
            int port = Qemu.FreePort();
            string iso = Qemu.MakeIso("");
            using var qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64",
                $"-accel tcg -cpu max -m 256M -cdrom \"{iso}\" -display none -monitor none -serial null -no-reboot " +
                $"-device isa-debug-exit,iobase=0xf4,iosize=0x04 -gdb tcp:127.0.0.1:{port} -S")
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            try
            {
                string args = "-q -batch -nx " +
                    "-ex \"set architecture i386:x86-64\" " +
                    $"-ex \"file {Qemu.KernelElf}\" " +
                    $"-ex \"target remote 127.0.0.1:{port}\" " +
                    $"-ex \"{breakpoint}\" " +
                    "-ex \"continue\" " +
                    "-ex \"bt 3\" " +
                    "-ex \"info args\" " +
                    string.Concat(Array.ConvertAll(commands, c => $"-ex \"{c}\" ")) +
                    "-ex \"kill\"";
                var (code, output) = Qemu.Run("gdb", args, TimeSpan.FromSeconds(120));
                Assert.True(code == 0, "gdb failed:\n" + output);
                return output.Replace("Breakpoint", "breakpoint");
            }
            finally
            {
                if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
                qemu.WaitForExit();
            }
        }
    }
}
