using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Veridian.Syscalls.Generator;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Syscalls.Generator over small in-memory compilations: the real Syscalls/ sources (the
    /// declaration) plus a stub kernel, to check that a declaration and its handlers cannot
    /// drift apart silently.
    /// </summary>
    public class GeneratorTests
    {
        private static string Root()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Veridian.Cosmos.sln")))
                dir = dir.Parent;
            return dir.FullName;
        }

        private const string StubKernel = @"
namespace Veridian.Kernel { public sealed class KernelServices { } }
namespace Veridian.Kernel.Tasks { public sealed class Thread { } }
namespace Veridian.Kernel.Dispatch
{
    public struct SyscallFrame
    {
        public ulong Number, Arg0, Arg1, Arg2, Arg3, Arg4, Arg5, Return;
        public SyscallFrame(ulong n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5) { Number = n; Arg0 = a0; Arg1 = a1; Arg2 = a2; Arg3 = a3; Arg4 = a4; Arg5 = a5; Return = 0; }
    }
    public readonly struct SyscallResult
    {
        public static implicit operator SyscallResult(Veridian.Syscalls.SyscallError e) => default;
    }
    public sealed class SyscallHandlerAttribute : System.Attribute { public SyscallHandlerAttribute(Veridian.Syscalls.SyscallNumber n) { } }
    public static partial class SyscallDispatcher { }
}";

        internal static (Compilation Output, IReadOnlyList<Diagnostic> Diagnostics) Run(string handlers, Func<string, string> editDeclaration = null, string assemblyName = "Veridian.Kernel", params string[] extraSources)
        {
            var trees = new List<SyntaxTree>();
            foreach (string file in Directory.GetFiles(Path.Combine(Root(), "Syscalls"), "*.cs"))
            {
                string text = File.ReadAllText(file);
                if (editDeclaration != null && Path.GetFileName(file) == "SyscallApi.cs")
                    text = editDeclaration(text);
                trees.Add(CSharpSyntaxTree.ParseText(text, path: file));
            }
            trees.Add(CSharpSyntaxTree.ParseText(StubKernel));
            trees.Add(CSharpSyntaxTree.ParseText(handlers));
            foreach (string extra in extraSources)
                trees.Add(CSharpSyntaxTree.ParseText(extra));
            var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create(assemblyName, trees, refs,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            CSharpGeneratorDriver.Create(new SyscallGenerator())
                .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var diagnostics);
            return (output, diagnostics);
        }

        internal const string YieldOnly = @"
namespace Veridian.Kernel.Dispatch
{
    public static class H
    {
        [SyscallHandler(Veridian.Syscalls.SyscallNumber.Yield)]
        public static SyscallResult Yield(Veridian.Kernel.KernelServices k, Veridian.Kernel.Tasks.Thread t) => default;
    }
}";

        [Fact]
        public void A_declared_syscall_without_a_handler_is_a_build_error()
        {
            var (_, d) = Run(YieldOnly);
            var missing = d.Where(x => x.Id == "VSG010").ToList();
            Assert.Equal(Enum.GetValues<Veridian.Syscalls.SyscallNumber>().Length - 1, missing.Count);
            Assert.Contains(missing, x => x.GetMessage().Contains("SYS_IPC_SEND"));
            Assert.DoesNotContain(missing, x => x.GetMessage().Contains("SYS_YIELD"));
        }

        [Fact]
        public void A_handler_whose_arguments_differ_from_the_declaration_is_a_build_error()
        {
            string wrong = YieldOnly.Replace("Veridian.Kernel.Tasks.Thread t)", "Veridian.Kernel.Tasks.Thread t, ulong extra)");
            var (_, d) = Run(wrong);
            Diagnostic e = Assert.Single(d, x => x.Id == "VSG011");
            Assert.Contains("SYS_YIELD", e.GetMessage());
        }

        [Fact]
        public void The_generated_switch_calls_the_handler_and_compiles()
        {
            var (output, _) = Run(YieldOnly);
            SyntaxTree decode = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("SyscallDispatcher.Decode.g.cs"));
            string text = decode.ToString();
            Assert.Contains("case global::Veridian.Syscalls.SyscallNumber.Yield: // SYS_YIELD", text);
            Assert.Contains("return global::Veridian.Kernel.Dispatch.H.Yield(kernel, caller);", text);
            Assert.DoesNotContain("SyscallNumber.IpcSend:", text);
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error && x.Location.SourceTree == decode));
        }

        [Fact]
        public void More_than_six_registers_or_an_unknown_type_is_a_build_error()
        {
            var (_, d) = Run(YieldOnly, api => api.Replace("void Yield();",
                "void Yield();\n[Syscall(SyscallNumber.Yield)] void TooMany(UserBuffer a, UserBuffer b, UserBuffer c, ulong d);\n"
                + "[Syscall(SyscallNumber.Yield)] void Strange(string s);"));
            Assert.Contains(d, x => x.Id == "VSG002" && x.GetMessage().Contains("TooMany"));
            Assert.Contains(d, x => x.Id == "VSG001" && x.GetMessage().Contains("Strange"));
        }
    }
}
