using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// UserLib/&lt;arch&gt;/syscall.asm, the user stubs veridian_syscall0..6, is generated from the
    /// register convention (Syscalls/&lt;arch&gt;/SyscallConvention.cs) by Syscalls.Generator; the
    /// file is checked in so that the assembler needs no generator step. This test fails when it
    /// is out of date and rewrites it when VERIDIAN_UPDATE_DOCS=1.
    /// </summary>
    public class SyscallStubTests
    {
        [Fact]
        public void The_user_syscall_stubs_are_up_to_date_with_the_convention()
        {
            SyscallDocsTests.CheckGenerated(SyscallStubs.Path, SyscallStubs.Assembly,
                "Syscalls/" + SyscallConvention.Architecture + "/SyscallConvention.cs", SyscallStubs.RegenerateCommand);
        }

        [Fact]
        public void The_stub_file_is_where_the_programs_build_takes_it_from()
        {
            Assert.Equal("UserLib/" + SyscallConvention.Architecture + "/syscall.asm", SyscallStubs.Path);
            string targets = System.IO.File.ReadAllText(System.IO.Path.Combine(SyscallDocsTests.RepositoryRoot(), "Programs/Program.targets"));
            Assert.Contains("UserLib/$(VeridianArch)/syscall.asm", targets);
        }
    }
}
