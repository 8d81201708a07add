using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Every MSBuild file in the tree, and every project a template makes once tools/new-program.sh
    /// has filled in its names, is well-formed XML. One bad file stops the whole solution from
    /// loading (MSB4025): a "--" inside a comment did that to every new .NET program (issue 22).
    /// </summary>
    public class BuildFilesTests
    {
        private static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Veridian.Cosmos.sln")))
                dir = dir.Parent;
            Assert.NotNull(dir);
            return dir.FullName;
        }

        /// <summary>The tracked files (git ls-files), so build output and a user's own programs do not count.</summary>
        private static List<string> TrackedFiles(string root, params string[] patterns)
        {
            var git = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
            git.ArgumentList.Add("ls-files");
            git.ArgumentList.Add("--");
            foreach (string p in patterns) git.ArgumentList.Add(p);
            using var process = Process.Start(git)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }

        /// <summary>What new-program.sh does to a template: sed s/@NAME@/NAME/ and s/@CLASS@/CLASS/.</summary>
        private static string Substitute(string text) => text.Replace("@NAME@", "my-tool").Replace("@CLASS@", "MyTool");

        private static string XmlError(string text)
        {
            try
            {
                new XmlDocument().LoadXml(text);
                return null;
            }
            catch (XmlException e)
            {
                return e.Message;
            }
        }

        [Fact]
        public void Every_msbuild_file_and_template_is_well_formed_xml()
        {
            string root = RepositoryRoot();
            List<string> files = TrackedFiles(root, "*.csproj", "*.csproj.in", "*.props", "*.targets");
            Assert.Contains("templates/dotnet/NAME.csproj.in", files);
            Assert.Contains("templates/program/NAME.csproj.in", files);
            Assert.Contains("Directory.Build.props", files);
            var bad = new List<string>();
            foreach (string file in files)
            {
                string error = XmlError(Substitute(File.ReadAllText(Path.Combine(root, file))));
                if (error != null) bad.Add(file + ": " + error);
            }
            Assert.True(bad.Count == 0, "not well-formed XML (MSBuild would refuse to load it):\n" + string.Join("\n", bad));
        }

        [Fact]
        public void The_check_rejects_a_double_dash_inside_a_comment()
        {
            // The defect itself: so the test above cannot pass by parsing nothing.
            Assert.NotNull(XmlError("<Project>\n  <!-- made by tools/new-program.sh --dotnet. -->\n</Project>"));
            Assert.Null(XmlError("<Project>\n  <!-- made by tools/new-program.sh with its dotnet option. -->\n</Project>"));
        }

        /// <summary>The solution's project entries, with forward slashes.</summary>
        private static List<string> SolutionProjects(string root) =>
            File.ReadAllLines(Path.Combine(root, "Veridian.Cosmos.sln"))
                .Where(l => l.StartsWith("Project(", StringComparison.Ordinal))
                .Select(l => l.Split('"')[5].Replace('\\', '/'))
                .Where(p => p.EndsWith(".csproj", StringComparison.Ordinal))
                .ToList();

        [Fact]
        public void The_solution_lists_every_project_and_nothing_that_is_gone()
        {
            // tools/sln.sh keeps it so; this is its --check for what is committed (a boot test
            // may add a user's program for a while, always with its folder in place).
            string root = RepositoryRoot();
            List<string> listed = SolutionProjects(root);
            Assert.Contains("Kernel/Kernel.csproj", listed);
            string[] missing = TrackedFiles(root, "*.csproj")
                .Where(p => !File.ReadAllText(Path.Combine(root, p)).Contains("<VeridianNotInSolution>true<", StringComparison.Ordinal))
                .Except(listed).ToArray();
            string[] gone = listed.Where(p => !File.Exists(Path.Combine(root, p))).ToArray();
            Assert.True(missing.Length == 0 && gone.Length == 0,
                "Veridian.Cosmos.sln is out of date; run tools/sln.sh. Not listed: " + string.Join(", ", missing) + "; listed but gone: " + string.Join(", ", gone));
        }
    }
}
