using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// docs/syscall-trace.md walks SYS_IPC_CALL through the tree in at most eight files (issue 16's
    /// goal). A rename must not leave it pointing at files that are gone, and it must stay short.
    /// </summary>
    public class SyscallTraceDocTests
    {
        private static readonly Regex TableRow = new Regex(@"^\| +\d+ \| (?<files>[^|]+) \|", RegexOptions.Multiline);
        private static readonly Regex Path_ = new Regex(@"`(?<path>[A-Za-z.]+/[^`]+\.(cs|asm))`");

        [Fact]
        public void Every_step_names_files_that_exist_and_there_are_at_most_eight()
        {
            string root = SyscallDocsTests.RepositoryRoot();
            string text = File.ReadAllText(Path.Combine(root, "docs", "syscall-trace.md"));
            MatchCollection rows = TableRow.Matches(text);
            Assert.InRange(rows.Count, 1, 8);
            foreach (Match row in rows)
            {
                string[] paths = Path_.Matches(row.Groups["files"].Value).Select(m => m.Groups["path"].Value).ToArray();
                Assert.NotEmpty(paths);
                // Generated files (obj/generated/…/) exist only after a build: their source is checked instead.
                foreach (string p in paths.Where(p => !p.Contains('…')))
                    Assert.True(File.Exists(Path.Combine(root, p)), $"docs/syscall-trace.md names {p}, which does not exist");
            }
        }
    }
}
