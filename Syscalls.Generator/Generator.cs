using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Veridian.Syscalls.Generator
{
    /// <summary>
    /// Reads the one syscall declaration (<c>Veridian.Syscalls.ISyscallApi</c>, in source or in a
    /// referenced Syscalls assembly) and generates, depending on what the compilation contains:
    /// the kernel dispatcher's decoding and its inverse, <c>SyscallFrames</c> (a compilation
    /// declaring <c>SyscallDispatcher</c>),
    /// UserLib's typed wrappers (one declaring <c>Veridian.UserLib.Syscall</c>) and the text of
    /// docs/syscalls.md (the host Syscalls assembly); and from the register convention
    /// (<c>SyscallConvention</c>), the user stubs' text and the kernel trap frame's decoding
    /// (<see cref="ConventionEmitter"/>).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SyscallGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<Output> outputs = context.CompilationProvider.Select((c, _) => Build(c));
            context.RegisterSourceOutput(outputs, (spc, o) =>
            {
                foreach (Diagnostic d in o.Diagnostics)
                    spc.ReportDiagnostic(d);
                foreach (KeyValuePair<string, string> f in o.Files)
                    spc.AddSource(f.Key, f.Value);
            });
        }

        private static Output Build(Compilation c)
        {
            var output = new Output();
            bool kernel = KernelEmitter.Applies(c);
            bool userLib = UserLibEmitter.Applies(c);
            bool docs = DocsEmitter.Applies(c);
            if (!kernel && !userLib && !docs)
                return output;
            List<Call> calls = Declaration.Read(c, output.Diagnostics);
            if (calls == null)
                return output;
            ConventionEmitter.Convention convention = kernel || docs ? ConventionEmitter.Read(c, output.Diagnostics) : null;
            if (kernel)
            {
                KernelEmitter.Emit(c, calls, output);
                FramesEmitter.Emit(calls, output);
                if (convention != null)
                    ConventionEmitter.EmitTrapFrames(c, convention, output);
            }
            if (userLib)
                UserLibEmitter.Emit(calls, output);
            if (docs)
            {
                DocsEmitter.Emit(calls, output);
                if (convention != null)
                    ConventionEmitter.EmitStub(convention, output);
            }
            return output;
        }
    }
}
