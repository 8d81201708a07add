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
