using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// README.md's "Your own program", done as a user does it: tools/new-program.sh (which also
    /// adds the project to Veridian.Cosmos.sln), the solution still loads, the program builds for
    /// VeridianOS, and the shell runs it by name. Each test removes what it created and puts the
    /// solution file back byte for byte. The program is built into a scratch kernel folder, never
    /// into iso/out/CONFIG/, so the ISO the other tests boot is not touched.
    /// </summary>
    [Tier(Tier.Long)]
    [Collection("qemu")]
    public sealed class TemplateBootTests
    {
        private static readonly string Programs = Path.Combine(Qemu.RepoRoot, "Programs");
        private static readonly string Solution = Path.Combine(Qemu.RepoRoot, "Veridian.Cosmos.sln");

        private static string NewProgram(string arguments)
        {
            var (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "tools", "new-program.sh")}\" {arguments}", TimeSpan.FromSeconds(60));
            Assert.True(code == 0, "new-program.sh " + arguments + ":\n" + output);
            return output;
        }

        /// <summary>What `dotnet build` (and so ./run.sh) would meet first: every project in the solution loads and restores.</summary>
        private static void SolutionRestores(string name)
        {
            var (code, output) = Qemu.Run("dotnet", $"sln \"{Solution}\" list", TimeSpan.FromSeconds(60));
            Assert.True(code == 0, output);
            Assert.Contains($"{name}.csproj", output);
            (code, output) = Qemu.Run("dotnet", $"restore \"{Solution}\" -nologo -v quiet", TimeSpan.FromSeconds(300));
            Assert.True(code == 0, "the solution no longer loads with the new program:\n" + output);
        }

        /// <summary>A scratch kernel folder: this configuration's kernel and programs (not the ring-3 tests).</summary>
        private static string ScratchKernelDir()
        {
            string kernelDir = Directory.CreateTempSubdirectory("veridian-kernel-").FullName;
            Directory.CreateDirectory(Path.Combine(kernelDir, "bin"));
            foreach (string file in new[] { "kernel.elf", "kernel.sym" })
                File.Copy(Path.Combine(Qemu.KernelDir, file), Path.Combine(kernelDir, file));
            foreach (string program in Directory.GetFiles(Path.Combine(Qemu.KernelDir, "bin")))
                if (!Path.GetFileName(program).StartsWith("test-", StringComparison.Ordinal))
                    File.Copy(program, Path.Combine(kernelDir, "bin", Path.GetFileName(program)));
            return kernelDir;
        }

        private static (int Code, string Output) Build(string name, string programsOut) =>
            Qemu.Run("dotnet", $"build \"{Path.Combine(Programs, name, name + ".csproj")}\" -c {Qemu.Configuration} -nologo -v quiet -p:VeridianProgramsOut={programsOut}/", TimeSpan.FromSeconds(600));

        private static ShellSession BootWith(string kernelDir)
        {
            string iso = Path.Combine(kernelDir, "veridian.iso");
            var (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "iso", "make-iso.sh")}\" \"{kernelDir}\" \"{iso}\"", TimeSpan.FromSeconds(120));
            Assert.True(code == 0, output);
            var s = new ShellSession(iso);
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 120), "no prompt:\n" + s.Output);
            return s;
        }

        private static void Check(ShellSession s, string command, params string[] expected)
        {
            string o = s.Run(command);
            foreach (string e in expected)
                if (!o.Contains(e, StringComparison.Ordinal))
                    throw new Xunit.Sdk.XunitException($"'{command}' printed no \"{e}\":\n{o}");
        }

        private static void Shutdown(ShellSession s)
        {
            s.Send("shutdown\r");
            Assert.True(s.WaitForExit(30), "QEMU still running after shutdown:\n" + s.Output);
        }

        /// <summary>
        /// Puts the solution file back as it was, then removes the programs: in that order, the
        /// solution never names a project that is not there (SolutionTests may be reading it).
        /// </summary>
        private static void CleanUp(byte[] solution, string kernelDir, params string[] names)
        {
            File.WriteAllBytes(Solution, solution);
            foreach (string name in names)
                if (Directory.Exists(Path.Combine(Programs, name))) Directory.Delete(Path.Combine(Programs, name), true);
            if (Directory.Exists(kernelDir)) Directory.Delete(kernelDir, true);
        }

        [Fact]
        public void A_program_made_from_the_template_builds_onto_the_iso_and_runs_from_the_shell()
        {
            string name = "user-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string broken = name + "-broken";
            byte[] solution = File.ReadAllBytes(Solution);
            string kernelDir = ScratchKernelDir();
            try
            {
                // As the README says it: no --no-sln, so the solution file is edited too.
                Assert.Contains("added to Veridian.Cosmos.sln", NewProgram(name));
                SolutionRestores(name);
                var (code, output) = Build(name, kernelDir + "/bin");
                Assert.True(code == 0, output);
                Assert.True(File.Exists(Path.Combine(kernelDir, "bin", name)), output);

                // A program that does not compile: the compiler's message, no ELF.
                NewProgram("--no-sln " + broken);
                string source = Directory.GetFiles(Path.Combine(Programs, broken), "*.cs")[0];
                File.WriteAllText(source, File.ReadAllText(source).Replace("return 0;", "return undefinedThing;"));
                (code, output) = Build(broken, kernelDir + "/broken");
                Assert.NotEqual(0, code);
                Assert.Matches(new Regex(@"error CS0103: The name 'undefinedThing' does not exist"), output);
                Assert.False(File.Exists(Path.Combine(kernelDir, "broken", broken)));

                using var s = BootWith(kernelDir);
                Check(s, "ls", " " + name + "\n");
                Check(s, name + " first second", $"Hello from {name} with 2 arguments\n", "  first\n", "  second\n", " s since boot\n");
                Shutdown(s);
            }
            finally
            {
                CleanUp(solution, kernelDir, name, broken);
            }
        }

        /// <summary>
        /// README.md's "Ordinary .NET": `tools/new-program.sh --dotnet NAME`, the solution still
        /// builds, `dotnet run --project Programs/NAME -- a b` on the host, and `NAME a b` in the
        /// shell prints the same lines.
        /// </summary>
        [Fact]
        public void A_dotnet_program_made_from_the_template_prints_in_the_shell_what_it_prints_on_the_host()
        {
            string name = "net-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            byte[] solution = File.ReadAllBytes(Solution);
            string kernelDir = ScratchKernelDir();
            try
            {
                Assert.Contains("added to Veridian.Cosmos.sln", NewProgram("--dotnet " + name));
                SolutionRestores(name);
                var (code, output) = Build(name, kernelDir + "/bin");
                Assert.True(code == 0, output);
                Assert.True(File.Exists(Path.Combine(kernelDir, "bin", name)), output);

                string[] host = HostOutput(name, "Ada", "Grace");
                Assert.Equal(new[] { "Hello, Ada and Grace!", "2 argument(s), longest: Grace" }, host);

                using var s = BootWith(kernelDir);
                string shown = s.Run(name + " Ada Grace", 120);
                string[] lines = shown.Replace("\r", "").Split('\n');
                int first = Array.IndexOf(lines, host[0]);
                Assert.True(first > 0, $"'{name} Ada Grace' printed no \"{host[0]}\" line:\n{shown}");
                Assert.Equal(host, lines.Skip(first).Take(host.Length).ToArray());
                Assert.DoesNotContain("exited with code", shown);
                Shutdown(s);
            }
            finally
            {
                CleanUp(solution, kernelDir, name);
            }
        }

        /// <summary>What the program prints on the host: `dotnet run` of what was just built, standard output only.</summary>
        private static string[] HostOutput(string name, params string[] args)
        {
            var run = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "run", "--no-build", "-c", Qemu.Configuration, "--project", Path.Combine(Programs, name), "--" }.Concat(args))
                run.ArgumentList.Add(a);
            using var p = Process.Start(run)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000)) { p.Kill(true); throw new Xunit.Sdk.XunitException("dotnet run timed out"); }
            Assert.True(p.ExitCode == 0, $"dotnet run exited {p.ExitCode}:\n{stdout}\n{stderr.Result}");
            return stdout.Replace("\r", "").TrimEnd('\n').Split('\n');
        }
    }
}
