using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Syscalls.Generator's ConventionEmitter: the user stubs and the kernel trap frame's decoding
    /// come from one statement of the register convention, a malformed one is a build error, and
    /// nothing in the emitter is x86's (an AArch64-shaped convention gives AArch64 stubs).
    /// </summary>
    public class ConventionGeneratorTests
    {
        private static string X64Convention() =>
            File.ReadAllText(Path.Combine(SyscallDocsTests.RepositoryRoot(), "Syscalls/x86_64/SyscallConvention.cs"));

        private const string X64Frame = @"
namespace Veridian.Plugs.Test
{
    [Veridian.Syscalls.SyscallTrapFrame]
    public partial struct Frame { public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, R8, R9, R10, R11; }
    public static class Use
    {
        public static ulong Decode(Frame f) { var s = f.ToSyscallFrame(); f.SetSyscallResult(s.Number); return f.Rax; }
    }
}";

        /// <summary>The same constants for AArch64 (docs/abi.md §1: svc #0, number x8, x0..x5, result x0), GNU as syntax.</summary>
        private const string A64Convention = @"
namespace Veridian.Syscalls
{
    public static class SyscallConvention
    {
        public const string Architecture = ""aarch64"";
        public const string Trap = ""svc #0"";
        public const string Number = ""x8"";
        public const string Arguments = ""x0 x1 x2 x3 x4 x5"";
        public const string Result = ""x0"";
        public const string Clobbered = """";
        public const string CallerParameters = ""x0 x1 x2 x3 x4 x5 x6"";
        public const string CallerResult = ""x0"";
        public const string MoveInstruction = ""mov {0}, {1}"";
        public const string ReturnInstruction = ""ret"";
        public const string CommentPrefix = ""//"";
        public const string GlobalDirective = "".global {0}"";
        public const string FilePrologue = "".text"";
        public const string FileEpilogue = "".section .note.GNU-stack,\""\"",%progbits"";
    }
}";

        private const string Kernel = "Veridian.Kernel";

        private static string Generated(Compilation c, string suffix) =>
            c.SyntaxTrees.Single(t => t.FilePath.EndsWith(suffix)).ToString();

        [Fact]
        public void The_trap_frame_decodes_the_registers_the_convention_names_and_compiles()
        {
            var (output, d) = GeneratorTests.Run(GeneratorTests.YieldOnly, null, Kernel, X64Convention(), X64Frame);
            Assert.DoesNotContain(d, x => x.Id == "VSG020");
            string text = Generated(output, "Frame.Syscall.g.cs");
            Assert.Contains("new global::Veridian.Kernel.Dispatch.SyscallFrame(Rax, Rdi, Rsi, Rdx, R10, R8, R9)", text);
            Assert.Contains("public void SetSyscallResult(ulong value) => Rax = value;", text);
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void Without_a_marked_frame_the_kernel_gets_no_decoding()
        {
            var (output, _) = GeneratorTests.Run(GeneratorTests.YieldOnly, null, Kernel, X64Convention());
            Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".Syscall.g.cs"));
        }

        [Fact]
        public void A_move_that_overwrites_a_parameter_still_to_be_read_is_a_build_error()
        {
            // rdi first into rax would be fine; here the number goes into rsi, which still holds a0.
            string bad = X64Convention().Replace("Number = \"rax\"", "Number = \"rsi\"").Replace("Arguments = \"rdi rsi rdx r10 r8 r9\"", "Arguments = \"rdi rax rdx r10 r8 r9\"");
            var (_, d) = GeneratorTests.Run(GeneratorTests.YieldOnly, null, Kernel, bad, X64Frame);
            Diagnostic e = Assert.Single(d, x => x.Id == "VSG020");
            Assert.Contains("overwrites parameter 1", e.GetMessage());
        }

        [Theory]
        [InlineData("Arguments = \"rdi rsi rdx r10 r8 r9\"", "Arguments = \"rdi rsi rdx r10 r8\"", "the ABI has 6")]
        [InlineData("Arguments = \"rdi rsi rdx r10 r8 r9\"", "Arguments = \"rdi rsi rdx rcx r8 r9\"", "the trap clobbers it")]
        [InlineData("Arguments = \"rdi rsi rdx r10 r8 r9\"", "Arguments = \"rdi rdi rdx r10 r8 r9\"", "distinct")]
        [InlineData("public const string Trap = \"syscall\";", "", "missing constant Trap")]
        public void A_malformed_convention_is_a_build_error_naming_the_problem(string from, string to, string message)
        {
            string conv = X64Convention();
            Assert.Contains(from, conv);
            var (_, d) = GeneratorTests.Run(GeneratorTests.YieldOnly, null, Kernel, conv.Replace(from, to), X64Frame);
            Diagnostic e = Assert.Single(d, x => x.Id == "VSG020");
            Assert.Contains(message, e.GetMessage());
        }

        [Fact]
        public void The_x86_64_stubs_move_the_c_parameters_into_the_kernel_registers()
        {
            string asm = Veridian.Syscalls.SyscallStubs.Assembly;
            string six = asm.Substring(asm.IndexOf("veridian_syscall6:"));
            Assert.Equal(new[] { "mov rax, rdi", "mov rdi, rsi", "mov rsi, rdx", "mov rdx, rcx", "mov r10, r8", "mov r8, r9", "mov r9, [rsp + 8]", "syscall", "ret" },
                six.Split('\n').Skip(1).Take(9).Select(l => l.Trim()));
            string zero = asm.Substring(asm.IndexOf("veridian_syscall0:"));
            Assert.Equal(new[] { "mov rax, rdi", "syscall", "ret" }, zero.Split('\n').Skip(1).Take(3).Select(l => l.Trim()));
        }

        /// <summary>Compiled as the host Syscalls assembly is (the stubs' text is emitted there) and with a kernel trap frame.</summary>
        [Fact]
        public void An_aarch64_convention_gives_aarch64_stubs_from_the_same_emitter()
        {
            var (output, d) = GeneratorTests.Run(GeneratorTests.YieldOnly, null, "Veridian.Syscalls", A64Convention, X64Frame.Replace("Rax, Rbx, Rcx, Rdx, Rsi, Rdi, R8, R9, R10, R11", "X0, X1, X2, X3, X4, X5, X8").Replace("return f.Rax", "return f.X0"));
            Assert.DoesNotContain(d, x => x.Id == "VSG020");
            Assert.Contains("SyscallFrame(X8, X0, X1, X2, X3, X4, X5)", Generated(output, "Frame.Syscall.g.cs"));
            string stubs = Generated(output, "SyscallStubs.g.cs");
            Assert.Contains("Path = \"UserLib/aarch64/syscall.asm\"", stubs);
            string six = stubs.Substring(stubs.IndexOf("veridian_syscall6:"));
            Assert.Equal(new[] { "mov x8, x0", "mov x0, x1", "mov x1, x2", "mov x2, x3", "mov x3, x4", "mov x4, x5", "mov x5, x6", "svc #0", "ret" },
                six.Split('\n').Skip(1).Take(9).Select(l => l.Trim()));
            Assert.Contains(".global veridian_syscall0", stubs);
            Assert.DoesNotContain("rax", stubs);
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
        }
    }
}
