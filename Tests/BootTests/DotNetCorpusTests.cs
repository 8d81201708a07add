using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.BootTests
{
    /// <summary>
    /// The differential corpus (Tests/DotNet/*, one ordinary .NET console program each): every
    /// program run on the host with `dotnet` and from the VeridianOS shell must print the same
    /// standard output and end with the same exit code. One boot runs them all. The VeridianOS
    /// console also shows standard error, so a program whose name ends in -uncaught (an
    /// unhandled exception: the report goes to standard error) is compared on its standard
    /// output as a prefix, and its report must name the exception's type, message and methods.
    /// </summary>
    [Collection("qemu")]
    public sealed class DotNetCorpusTests
    {
        static readonly Regex ExitLine = new Regex(@"\n(\S+): exited with code (-?\d+)\n?$");

        [Fact]
        public void Every_corpus_program_matches_dotnet_on_the_host()
        {
            string corpus = Path.Combine(Qemu.RepoRoot, "Tests", "DotNet");
            string[] programs = Directory.GetDirectories(corpus).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(programs);
            using var s = new ShellSession(Qemu.MakeIso(""), memory: "512M");
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 240), "no shell prompt:\n" + s.Output);
            var failures = new System.Text.StringBuilder();
            foreach (string name in programs)
            {
                string dll = Path.Combine(corpus, name, "bin", Qemu.Configuration, "net10.0", name + ".dll");
                var (hostCode, hostOut) = Qemu.Run("dotnet", $"\"{dll}\"", TimeSpan.FromSeconds(120));
                hostOut = hostOut.Replace("\r\n", "\n");
                string o = s.Run(name, 600).Replace("\r\n", "\n");
                o = o.Substring(o.IndexOf('\n') + 1);               // the echoed command line
                int code = 0;
                var exit = ExitLine.Match("\n" + o);
                if (exit.Success && exit.Groups[1].Value == name)
                {
                    code = int.Parse(exit.Groups[2].Value);
                    o = ("\n" + o).Substring(0, exit.Index).TrimStart('\n') + "\n";
                    if (o == "\n") o = "";
                }
                bool same = name.EndsWith("-uncaught", StringComparison.Ordinal)
                    ? o.StartsWith(StandardOutput(hostOut), StringComparison.Ordinal) && o.Contains("Unhandled exception. ", StringComparison.Ordinal)
                    : o == hostOut;
                if (!same || code != hostCode)
                    failures.Append($"{name}: host exit {hostCode}, VeridianOS exit {code}\n--- host ---\n{hostOut}--- VeridianOS ---\n{o}\n");
            }
            Assert.True(failures.Length == 0, failures.ToString());
        }

        [Fact]
        public void An_uncaught_exception_reports_its_type_message_and_methods()
        {
            using var s = new ShellSession(Qemu.MakeIso(""), memory: "512M");
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 240), "no shell prompt:\n" + s.Output);
            string o = s.Run("exceptions-uncaught", 600).Replace("\r\n", "\n");
            Assert.Contains("Unhandled exception. ConfigurationMissingException: setting 'port' is missing", o);
            Assert.Contains("at Program.Load(", o);
            Assert.Contains("at Program.Start(", o);
            Assert.Contains("at Program.Main(", o);
            Assert.Contains("exceptions-uncaught: exited with code 134", o);
        }

        // Qemu.Run merges standard error into its output after standard output: the part before it.
        static string StandardOutput(string merged)
        {
            int at = merged.IndexOf("Unhandled exception. ", StringComparison.Ordinal);
            return at < 0 ? merged : merged.Substring(0, at);
        }
    }
}
