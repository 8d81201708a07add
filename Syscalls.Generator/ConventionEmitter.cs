using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Veridian.Syscalls.Generator
{
    /// <summary>
    /// Both sides of the register convention from its one statement,
    /// <c>Veridian.Syscalls.SyscallConvention</c> (<c>Syscalls/&lt;arch&gt;/SyscallConvention.cs</c>):
    /// the user stubs <c>veridian_syscall0..6</c> as assembly text (the host Syscalls assembly's
    /// <c>SyscallReference.StubAssembly</c>; a host test keeps <c>UserLib/&lt;arch&gt;/syscall.asm</c>
    /// equal to it), and the kernel's <c>ToSyscallFrame</c> / <c>SetSyscallResult</c> on the
    /// architecture's trap frame (a compilation with a struct marked <c>[SyscallTrapFrame]</c>).
    /// Nothing here knows an architecture: registers and syntax come from the convention.
    /// </summary>
    internal static class ConventionEmitter
    {
        public const string ConventionName = "Veridian.Syscalls.SyscallConvention";
        public const string TrapFrameAttributeName = "Veridian.Syscalls.SyscallTrapFrameAttribute";
        public const int ArgumentRegisters = 6;

        private static readonly DiagnosticDescriptor BadConvention = new DiagnosticDescriptor(
            "VSG020", "Bad syscall register convention",
            "SyscallConvention: {0}",
            "Syscalls", DiagnosticSeverity.Error, true);

        /// <summary>The convention's constants, registers split on spaces (a stack slot such as "[sp + 8]" stays one).</summary>
        internal sealed class Convention
        {
            public string Architecture, Trap, Number, Result, CallerResult, Move, Return, Comment, Global, Prologue, Epilogue;
            public string[] Arguments, Clobbered, CallerParameters;
            public Location Location;
        }

        /// <summary>The convention, or null when the compilation has none (or it is malformed: a diagnostic says why).</summary>
        public static Convention Read(Compilation c, List<Diagnostic> diagnostics)
        {
            INamedTypeSymbol t = c.GetTypeByMetadataName(ConventionName);
            if (t == null)
                return null;
            var values = t.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && f.ConstantValue is string)
                .ToDictionary(f => f.Name, f => (string)f.ConstantValue);
            var v = new Convention { Location = t.Locations.FirstOrDefault() };
            string Get(string name)
            {
                if (values.TryGetValue(name, out string s)) return s;
                diagnostics.Add(Diagnostic.Create(BadConvention, v.Location, "missing constant " + name));
                return null;
            }
            v.Architecture = Get("Architecture");
            v.Trap = Get("Trap");
            v.Number = Get("Number");
            v.Result = Get("Result");
            v.CallerResult = Get("CallerResult");
            v.Move = Get("MoveInstruction");
            v.Return = Get("ReturnInstruction");
            v.Comment = Get("CommentPrefix");
            v.Global = Get("GlobalDirective");
            v.Prologue = Get("FilePrologue");
            v.Epilogue = Get("FileEpilogue");
            v.Arguments = Registers(Get("Arguments"));
            v.Clobbered = Registers(Get("Clobbered"));
            v.CallerParameters = Registers(Get("CallerParameters"));
            if (diagnostics.Count > 0)
                return null;
            string problem = Check(v);
            if (problem != null)
            {
                diagnostics.Add(Diagnostic.Create(BadConvention, v.Location, problem));
                return null;
            }
            return v;
        }

        /// <summary>Space-separated registers; a bracketed memory operand is one entry.</summary>
        internal static string[] Registers(string text)
        {
            if (text == null) return new string[0];
            var list = new List<string>();
            var current = new StringBuilder();
            int depth = 0;
            foreach (char ch in text)
            {
                if (ch == '[') depth++;
                if (ch == ']') depth--;
                if (ch == ' ' && depth == 0)
                {
                    if (current.Length > 0) list.Add(current.ToString());
                    current.Clear();
                }
                else current.Append(ch);
            }
            if (current.Length > 0) list.Add(current.ToString());
            return list.ToArray();
        }

        /// <summary>Why the stubs could not be made from <paramref name="v"/>, or null.</summary>
        internal static string Check(Convention v)
        {
            if (v.Arguments.Length != ArgumentRegisters)
                return "Arguments names " + v.Arguments.Length + " registers; the ABI has " + ArgumentRegisters;
            if (v.CallerParameters.Length != ArgumentRegisters + 1)
                return "CallerParameters names " + v.CallerParameters.Length + " places; veridian_syscall6 has " + (ArgumentRegisters + 1) + " parameters";
            var kernelSide = new[] { v.Number }.Concat(v.Arguments).ToList();
            if (kernelSide.Distinct().Count() != kernelSide.Count)
                return "the number and argument registers must be distinct";
            foreach (string r in kernelSide)
                if (v.Clobbered.Contains(r))
                    return r + " carries the number or an argument but the trap clobbers it";
            // The stub moves parameter i into its kernel register in order; no move may overwrite a
            // parameter that a later move still has to read.
            for (int i = 0; i < kernelSide.Count; i++)
                for (int j = i + 1; j < kernelSide.Count; j++)
                    if (kernelSide[i] != v.CallerParameters[i] && kernelSide[i] == v.CallerParameters[j])
                        return "moving parameter " + i + " into " + kernelSide[i] + " overwrites parameter " + j + " before it is read";
            return null;
        }

        /// <summary>The moves of veridian_syscallN: the number, then arguments 0..n-1, each from the caller's place to the kernel's register (none where they are the same).</summary>
        private static List<string> Moves(Convention v, int n)
        {
            var moves = new List<string>();
            var to = new[] { v.Number }.Concat(v.Arguments).ToArray();
            for (int i = 0; i <= n; i++)
                if (to[i] != v.CallerParameters[i])
                    moves.Add(string.Format(v.Move, to[i], v.CallerParameters[i]));
            return moves;
        }

        public const string StubRegenerateCommand = "VERIDIAN_UPDATE_DOCS=1 dotnet test Tests/HostTests/HostTests.csproj --filter SyscallStubTests";

        /// <summary>The text of UserLib/&lt;arch&gt;/syscall.asm.</summary>
        public static string StubAssembly(Convention v)
        {
            string c = v.Comment;
            var sb = new StringBuilder();
            sb.Append(c).AppendLine(" Generated by Syscalls.Generator from Syscalls/" + v.Architecture + "/SyscallConvention.cs. Do not edit; regenerate with:");
            sb.Append(c).Append("     ").AppendLine(StubRegenerateCommand);
            sb.Append(c).AppendLine(" The ring-3 side of the syscall ABI, linked into every program of both user runtimes:");
            sb.Append(c).AppendLine(" ulong veridian_syscallN(ulong number, ulong a0, .., ulong aN-1) (UserLib's Syscall0..6).");
            sb.Append(c).Append(" On entry to the kernel: number in ").Append(v.Number).Append(", arguments in ")
              .Append(string.Join(", ", v.Arguments)).Append("; result in ").Append(v.Result)
              .Append("; ").Append(v.Trap).Append(" clobbers ").Append(string.Join(", ", v.Clobbered)).AppendLine(".");
            foreach (string line in v.Prologue.Split('\n'))
                sb.AppendLine(line);
            sb.AppendLine();
            for (int n = 0; n <= ArgumentRegisters; n++)
                sb.AppendLine(string.Format(v.Global, "veridian_syscall" + n));
            for (int n = 0; n <= ArgumentRegisters; n++)
            {
                sb.AppendLine();
                sb.Append("veridian_syscall").Append(n).AppendLine(":");
                foreach (string m in Moves(v, n))
                    sb.Append("    ").AppendLine(m);
                sb.Append("    ").AppendLine(v.Trap);
                if (v.Result != v.CallerResult)
                    sb.Append("    ").AppendLine(string.Format(v.Move, v.CallerResult, v.Result));
                sb.Append("    ").AppendLine(v.Return);
            }
            sb.AppendLine();
            foreach (string line in v.Epilogue.Split('\n'))
                sb.AppendLine(line);
            return sb.ToString();
        }

        /// <summary>The host Syscalls assembly: the stub's text and where it goes, beside the docs' text.</summary>
        public static void EmitStub(Convention v, Output output)
        {
            var sb = new StringBuilder();
            sb.AppendLine("// <auto-generated/> by Syscalls.Generator from Syscalls/" + v.Architecture + "/SyscallConvention.cs. Do not edit.");
            sb.AppendLine("#if !FREESTANDING");
            sb.AppendLine("namespace Veridian.Syscalls");
            sb.AppendLine("{");
            sb.AppendLine("    public static partial class SyscallStubs");
            sb.AppendLine("    {");
            sb.AppendLine("        /// <summary>Where the generated user stubs live, from the repository root.</summary>");
            sb.Append("        public const string Path = \"UserLib/").Append(v.Architecture).AppendLine("/syscall.asm\";");
            sb.Append("        public const string RegenerateCommand = @\"").Append(StubRegenerateCommand).AppendLine("\";");
            sb.AppendLine("        /// <summary>The file's text: veridian_syscall0..6 from the convention.</summary>");
            sb.Append("        public const string Assembly = @\"").Append(StubAssembly(v).Replace("\"", "\"\"")).AppendLine("\";");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            sb.AppendLine("#endif");
            output.Files.Add(new KeyValuePair<string, string>("SyscallStubs.g.cs", sb.ToString()));
        }

        /// <summary>The kernel: ToSyscallFrame and SetSyscallResult on each struct marked [SyscallTrapFrame].</summary>
        public static void EmitTrapFrames(Compilation c, Convention v, Output output)
        {
            INamedTypeSymbol attribute = c.GetTypeByMetadataName(TrapFrameAttributeName);
            if (attribute == null)
                return;
            foreach (INamedTypeSymbol frame in Declaration.Types(c.Assembly.GlobalNamespace))
            {
                if (!frame.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                    continue;
                var sb = new StringBuilder();
                sb.AppendLine("// <auto-generated/> by Syscalls.Generator from Syscalls/" + v.Architecture + "/SyscallConvention.cs. Do not edit.");
                sb.Append("namespace ").AppendLine(frame.ContainingNamespace.ToDisplayString());
                sb.AppendLine("{");
                sb.Append("    partial struct ").AppendLine(frame.Name);
                sb.AppendLine("    {");
                sb.Append("        /// <summary>The syscall these registers make: number in ").Append(v.Number)
                  .Append(", arguments in ").Append(string.Join(", ", v.Arguments)).AppendLine(" (SyscallConvention).</summary>");
                sb.AppendLine("        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
                sb.Append("        public readonly global::Veridian.Kernel.Dispatch.SyscallFrame ToSyscallFrame() => new global::Veridian.Kernel.Dispatch.SyscallFrame(")
                  .Append(string.Join(", ", new[] { v.Number }.Concat(v.Arguments).Select(Field))).AppendLine(");");
                sb.Append("        /// <summary>The syscall's result, into ").Append(v.Result).AppendLine(".</summary>");
                sb.AppendLine("        [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
                sb.Append("        public void SetSyscallResult(ulong value) => ").Append(Field(v.Result)).AppendLine(" = value;");
                sb.AppendLine("    }");
                sb.AppendLine("}");
                output.Files.Add(new KeyValuePair<string, string>(frame.Name + ".Syscall.g.cs", sb.ToString()));
            }
        }

        /// <summary>A register's field in the trap frame: its name with a capital first letter.</summary>
        private static string Field(string register) => char.ToUpperInvariant(register[0]) + register.Substring(1);
    }
}
