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

        private static void Check(string name, string expected) =>
            CheckGenerated("docs/" + name, expected, "Syscalls/SyscallApi.cs", SyscallReference.RegenerateCommand);

        /// <summary>
        /// The checked-in file at <paramref name="relativePath"/> is what the generator made from
        /// <paramref name="source"/>; VERIDIAN_UPDATE_DOCS=1 rewrites it first.
        /// </summary>
        internal static void CheckGenerated(string relativePath, string expected, string source, string regenerate)
        {
            string path = Path.Combine(RepositoryRoot(), relativePath);
            if (Environment.GetEnvironmentVariable("VERIDIAN_UPDATE_DOCS") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, expected);
            }
            string actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
            Assert.True(actual == expected,
                relativePath + " is out of date with " + source + "; regenerate it with: " + regenerate);
        }
    }
}
