using System;
using System.IO;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// docs/syscalls.md is generated from the one declaration (ISyscallApi, via
    /// Syscalls.Generator's SyscallReference). This test fails when the file is out of date and
    /// rewrites it when VERIDIAN_UPDATE_DOCS=1.
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
            string path = Path.Combine(RepositoryRoot(), "docs", "syscalls.md");
            string expected = SyscallReference.Markdown;
            if (Environment.GetEnvironmentVariable("VERIDIAN_UPDATE_DOCS") == "1")
                File.WriteAllText(path, expected);
            string actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
            Assert.True(actual == expected,
                "docs/syscalls.md is out of date with Syscalls/SyscallApi.cs; regenerate it with: " + SyscallReference.RegenerateCommand);
        }
    }
}
