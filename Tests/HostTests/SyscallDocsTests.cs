using System;
using System.IO;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// docs/syscalls.md and docs/syscall-errors.md are generated from the one declaration
    /// (ISyscallApi, via Syscalls.Generator's SyscallReference). These tests fail when a file is
    /// out of date and rewrite it when VERIDIAN_UPDATE_DOCS=1.
    /// </summary>
    public class SyscallDocsTests
    {
        internal static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Veridian.Cosmos.sln")))
                dir = dir.Parent;
            Assert.NotNull(dir);
            return dir.FullName;
        }

        [Fact]
        public void Docs_syscalls_md_is_up_to_date()
        {
            Check("syscalls.md", SyscallReference.Markdown);
        }

        /// <summary>docs/syscall-errors.md: each call's [Detail] rows and [Error]s.</summary>
        [Fact]
        public void Docs_syscall_errors_md_is_up_to_date()
        {
            Check("syscall-errors.md", SyscallReference.ErrorsMarkdown);
        }

        private static void Check(string name, string expected)
        {
            string path = Path.Combine(RepositoryRoot(), "docs", name);
            if (Environment.GetEnvironmentVariable("VERIDIAN_UPDATE_DOCS") == "1")
                File.WriteAllText(path, expected);
            string actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
            Assert.True(actual == expected,
                "docs/" + name + " is out of date with Syscalls/SyscallApi.cs; regenerate it with: " + SyscallReference.RegenerateCommand);
        }
    }
}
