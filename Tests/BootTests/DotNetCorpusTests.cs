using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// The differential corpus (Tests/DotNet/*, docs/dotnet.md "Tests"): every program runs on the
    /// host with `dotnet` and from the VeridianOS shell, and its standard output and exit code
    /// must be exactly the same. One boot runs them all, as a user would, one command each.
    /// A folder's optional args.txt gives the program's arguments. A program whose name ends in
    /// -uncaught dies of an uncaught exception; its report is compared as <see cref="SameReport"/> says.
    /// </summary>
    [Tier(Tier.Long)]
    public sealed class DotNetCorpusTests
    {
        private readonly ITestOutputHelper _log;

        public DotNetCorpusTests(ITestOutputHelper log) => _log = log;

        private static string CorpusDir => Path.Combine(Qemu.RepoRoot, "Tests", "DotNet");

        private static IEnumerable<string> Programs() =>
            Directory.GetDirectories(CorpusDir).Select(Path.GetFileName)
                .Where(n => File.Exists(Path.Combine(CorpusDir, n, n + ".csproj"))).OrderBy(n => n, StringComparer.Ordinal);

        /// <summary>The folder's input.txt: what the program reads on standard input (typed at the console on VeridianOS).</summary>
        private static string[] Input(string name)
        {
            string file = Path.Combine(CorpusDir, name, "input.txt");
            return File.Exists(file) ? File.ReadAllText(file).Replace("\r", "").TrimEnd('\n').Split('\n') : null;
        }

        private static string Arguments(string name)
        {
            string file = Path.Combine(CorpusDir, name, "args.txt");
            return File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        }

        /// <summary>The host run: the same source's ordinary build, on the host's own runtime.</summary>
        private static (string Output, int Code) RunOnHost(string name)
        {
            string dll = Path.Combine(CorpusDir, name, "bin", Qemu.Configuration, "net10.0", name + ".dll");
            Assert.True(File.Exists(dll), $"{dll} not built: build the solution first");
            var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {Arguments(name)}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var p = Process.Start(start)!;
            string[] input = Input(name);
            if (input != null)
                foreach (string line in input) p.StandardInput.Write(line + "\n");
            p.StandardInput.Close();
            var error = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000), $"{name} did not end on the host");
            // On VeridianOS both streams are the console; a corpus program writes to stderr, if
            // at all, only after its last line of stdout, so the two compare in this order.
            return ((output + error.Result).Replace("\r", ""), p.ExitCode);
        }

        [Fact]
        public void Every_corpus_program_prints_the_same_and_exits_the_same_on_VeridianOS_as_on_the_host()
        {
            string[] programs = Programs().ToArray();
            Assert.True(programs.Length >= 10, "the corpus is missing: " + string.Join(",", programs));
            string built = Path.Combine(Qemu.KernelDir, "dotnet-tests");
            string kernelDir = Directory.CreateTempSubdirectory("veridian-corpus-").FullName;
            try
            {
                // The normal kernel and programs, plus the corpus, in this ISO's bin/.
                Directory.CreateDirectory(Path.Combine(kernelDir, "bin"));
                foreach (string file in new[] { "kernel.elf", "kernel.sym" })
                    File.Copy(Path.Combine(Qemu.KernelDir, file), Path.Combine(kernelDir, file));
                foreach (string program in Directory.GetFiles(Path.Combine(Qemu.KernelDir, "bin")))
                    if (!Path.GetFileName(program).StartsWith("test-", StringComparison.Ordinal))
                        File.Copy(program, Path.Combine(kernelDir, "bin", Path.GetFileName(program)));
                foreach (string name in programs)
                {
                    string elf = Path.Combine(built, name);
                    Assert.True(File.Exists(elf), $"{elf} not built: build the solution first");
                    File.Copy(elf, Path.Combine(kernelDir, "bin", name));
                }
                string iso = Path.Combine(kernelDir, "corpus.iso");
                var (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "iso", "make-iso.sh")}\" \"{kernelDir}\" \"{iso}\"", TimeSpan.FromSeconds(180));
                Assert.True(code == 0, output);

                var failures = new List<string>();
                using (var s = new ShellSession(iso, "512M"))
                {
                    Assert.True(s.WaitFor(ShellSession.Prompt, 0, 180), "no prompt:\n" + s.Output);
                    foreach (string name in programs)
                    {
                        var (expected, expectedCode) = RunOnHost(name);
                        string line = (name + " " + Arguments(name)).Trim();
                        string[] input = Input(name);
                        var (actual, actualCode) = Parse(name, input == null ? s.Run(line, 300) : RunTyping(s, line, input));
                        if (input != null)   // the console echoes what is typed, as a terminal does
                            expected = expected.Insert(expected.IndexOf('\n') + 1, string.Concat(input.Select(l => l + "\n")));
                        bool same = (name.EndsWith("-uncaught", StringComparison.Ordinal) ? SameReport(expected, actual) : actual == expected)
                                    && actualCode == expectedCode;
                        _log.WriteLine($"{(same ? "same" : "DIFFERENT")}: {name} (exit {expectedCode} / {actualCode})");
                        if (!same)
                            failures.Add($"--- {name}: host exit {expectedCode}, VeridianOS exit {actualCode}\n{Diff(expected, actual)}");
                    }
                    s.Send("shutdown\r");
                    Assert.True(s.WaitForExit(30), "QEMU still running after shutdown");
                }
                Assert.True(failures.Count == 0, string.Join("\n", failures));
            }
            finally
            {
                Directory.Delete(kernelDir, true);
            }
        }

        /// <summary>
        /// Runs a program that reads its input: once it has printed its first line (so it owns the
        /// console), types each line and Enter, then Ctrl-D for end of input.
        /// </summary>
        private static string RunTyping(ShellSession s, string command, string[] input)
        {
            int from = s.Length;
            s.Send(command + "\r");
            Assert.True(s.WaitFor(command + "\n", from, 60), $"{command} not echoed:\n{s.Output}");
            Assert.True(s.WaitFor("\n", s.Output.IndexOf(command + "\n", from, StringComparison.Ordinal) + command.Length + 1, 120),
                $"{command} printed nothing:\n{s.Output}");
            foreach (string line in input)
            {
                s.Send(line + "\r");
                System.Threading.Thread.Sleep(100);
            }
            s.Send("\u0004");
            return s.UntilPrompt(from, command, 300);
        }

        /// <summary>
        /// What the shell printed for one command: the echoed line first, then the program's
        /// output, then (for a nonzero exit) the shell's "NAME: exited with code N". Bytes are
        /// UTF-8 as the program wrote them.
        /// </summary>
        private static (string Output, int Code) Parse(string name, string printed)
        {
            string text = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(printed));
            int firstNewline = text.IndexOf('\n');
            text = firstNewline < 0 ? "" : text.Substring(firstNewline + 1);
            var exit = new Regex("(?:^|\\n)" + Regex.Escape(name) + ": (exited with code (-?\\d+)|killed by .*)\\n$");
            Match m = exit.Match(text);
            if (!m.Success) return (text, 0);
            int code = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : -1;
            string output = text.Substring(0, m.Index + (m.Value.StartsWith("\n") ? 1 : 0));
            return (output, code);
        }

        /// <summary>
        /// A program that ends with an uncaught exception (its name ends in -uncaught): the host's
        /// report names source files and lines, NativeAOT's does not, so the standard output must
        /// be the same, the report's first line ("Unhandled exception. Type: message") the same,
        /// and every method of the program's own the host's trace lists must appear in it.
        /// </summary>
        private static bool SameReport(string expected, string actual)
        {
            const string Marker = "Unhandled exception. ";
            int e = expected.IndexOf(Marker, StringComparison.Ordinal), a = actual.IndexOf(Marker, StringComparison.Ordinal);
            if (e < 0 || a < 0 || expected.Substring(0, e) != actual.Substring(0, a)) return false;
            string FirstLine(string text, int at) { int nl = text.IndexOf('\n', at); return nl < 0 ? text.Substring(at) : text.Substring(at, nl - at); }
            if (FirstLine(expected, e) != FirstLine(actual, a)) return false;
            foreach (Match frame in Regex.Matches(expected.Substring(e), @"\n\s+at ([^\s(]+)\("))
            {
                string method = frame.Groups[1].Value;
                if (method.StartsWith("System.", StringComparison.Ordinal)) continue;   // the class library's own frames
                if (!actual.Substring(a).Contains("at " + method + "(", StringComparison.Ordinal)) return false;
            }
            return true;
        }

        private static string Diff(string expected, string actual)
        {
            string[] e = expected.Split('\n'), a = actual.Split('\n');
            var sb = new StringBuilder();
            for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
            {
                string el = i < e.Length ? e[i] : "<none>", al = i < a.Length ? a[i] : "<none>";
                if (el != al) sb.Append($"line {i + 1}:\n  host:       {el}\n  VeridianOS: {al}\n");
            }
            return sb.ToString();
        }
    }
}
