using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Veridian.Syscalls.Generator
{
    /// <summary>
    /// docs/syscalls.md, as a constant in the host Syscalls assembly
    /// (<c>Veridian.Syscalls.SyscallReference.Markdown</c>), beside docs/syscall-errors.md
    /// (<c>ErrorsMarkdown</c>, <see cref="ErrorsEmitter"/>); a host test compares the files with
    /// them and rewrites them on request.
    /// </summary>
    internal static class DocsEmitter
    {
        public const string RegenerateCommand = "VERIDIAN_UPDATE_DOCS=1 dotnet test Tests/HostTests/HostTests.csproj --filter SyscallDocsTests";

        public static bool Applies(Compilation c)
        {
            return c.AssemblyName == "Veridian.Syscalls";
        }

        public static string Markdown(List<Call> calls)
        {
            var sb = new StringBuilder();
            sb.AppendLine("# Syscall reference");
            sb.AppendLine();
            sb.AppendLine("<!-- Generated from Syscalls/SyscallApi.cs by Syscalls.Generator. Do not edit; regenerate with:");
            sb.Append("     ").Append(RegenerateCommand).AppendLine(" -->");
            sb.AppendLine();
            sb.AppendLine("Every syscall, from its one declaration (`Veridian.Syscalls.ISyscallApi` in `Syscalls/SyscallApi.cs`).");
            sb.AppendLine("Registers: the number and six arguments in the architecture's registers (`docs/abi.md` §1).");
            sb.AppendLine("The return register has bit 63 set on error, with the `SyscallError` in bits 0..31; otherwise it");
            sb.AppendLine("holds the value in the *return register* column. A flag, rights, clock-id or `uint` register above 32 bits");
            sb.AppendLine("(an object type above 8 bits) is `InvalidParameter`. `UserBuffer` / `UserOutBuffer` take two");
            sb.AppendLine("registers (pointer, byte length; the kernel reads / writes the bytes), `UserArray<T>` two (pointer,");
            sb.AppendLine("count of `T`), `UserPtr<T>` / `UserOutPtr<T>` one (pointer to one `T` the kernel reads / writes).");
            sb.AppendLine();
            sb.AppendLine("| number | name | arguments (registers in order) | return register | written to user memory |");
            sb.AppendLine("| --- | --- | --- | --- | --- |");
            foreach (Call c in calls)
            {
                sb.Append("| ").Append(c.Number).Append(" | `").Append(c.SysName).Append("` | ");
                sb.Append(c.Args.Count == 0 ? "—" : string.Join(", ", c.Args.Select(ArgText)));
                sb.Append(" | ").Append(ReturnText(c)).Append(" | ");
                var writes = c.Args.Where(a => a.Kind == ArgKind.OutPtr || a.Kind == ArgKind.OutBuffer)
                    .Select(a => a.Kind == ArgKind.OutPtr
                        ? "`" + a.ElementShort + "` at `" + a.Name + "`"
                        : "bytes into `" + a.Name + "`").ToList();
                sb.Append(writes.Count == 0 ? "—" : string.Join("; ", writes)).AppendLine(" |");
            }
            sb.AppendLine();
            sb.AppendLine("## UserLib");
            sb.AppendLine();
            sb.AppendLine("`Veridian.UserLib.Sys` has one wrapper per syscall, generated from the same declaration. A");
            sb.AppendLine("`UserBuffer` becomes a `ReadOnlySpan<byte>`, a `UserOutBuffer` a `Span<byte>`, a `UserArray<T>` a");
            sb.AppendLine("`ReadOnlySpan<T>`, a `UserPtr<T>` a `T` passed by value (a `UserPtr` to one integer word, the futex calls', a");
            sb.AppendLine("`uint*`: the kernel reads that very word); the out-struct, if any, is the result's");
            sb.AppendLine("`Value` (also on error, where the kernel documents that it writes it: `BufferTooSmall` on receive).");
            sb.AppendLine("`SysResult` has `IsOk`, `Error` (a `SyscallError`), `Value` (the register, 0 on error) and `Raw`;");
            sb.AppendLine("`SysResult<T>` has `IsOk`, `Error`, `Value` (a `T`), `Raw` and `Status` (the register part as a `SysResult`).");
            sb.AppendLine("`SYS_IPC_CALL` also has an overload with the spec's eight arguments, `Sys.IpcCall(ChannelId channel,");
            sb.AppendLine("ReadOnlySpan<byte> request, Span<byte> response, ulong timeoutNs, Capability capability, Capability channelCap)`,");
            sb.AppendLine("which fills the `IpcCallArgs` block (`UserLib/SysIpcCall.cs`).");
            sb.AppendLine();
            sb.AppendLine("| name | wrapper |");
            sb.AppendLine("| --- | --- |");
            foreach (Call c in calls)
            {
                Arg o = c.OutStruct;
                string ret = c.NeverReturns ? "void" : UserLibEmitter.ResultType(c);
                string ps = string.Join(", ", c.Args.Where(a => a != o).Select(a => Shorten(UserLibEmitter.ParameterType(a)) + " " + a.Name));
                sb.Append("| `").Append(c.SysName).Append("` | `").Append(Shorten(ret)).Append(" Sys.").Append(c.Name)
                  .Append('(').Append(ps).AppendLine(")` |");
            }
            return sb.ToString();
        }

        private static string Shorten(string type)
        {
            return type.Replace("global::Veridian.Syscalls.", "").Replace("global::System.", "");
        }

        private static string ArgText(Arg a)
        {
            string regs = a.Registers == 2
                ? "arg" + a.FirstRegister + "+" + (a.FirstRegister + 1)
                : "arg" + a.FirstRegister;
            string text = regs + " `" + a.ShortType + " " + a.Name + "`";
            if (a.Kind == ArgKind.Ptr && a.ElementIsWord)
                text += " (" + a.ElementSize + " B, read where it is)";
            else if (a.Kind == ArgKind.OutPtr || a.Kind == ArgKind.Ptr)
                text += " (" + a.ElementSize + " B: " + a.ElementFields + ")";
            else if (a.Kind == ArgKind.Array)
                text += " (" + a.ElementSize + " B each)";
            return text;
        }

        private static string ReturnText(Call c)
        {
            if (c.NeverReturns)
                return "never returns";
            string type;
            switch (c.Return)
            {
                case ReturnKind.None: return c.Returns ?? "0";
                case ReturnKind.I32: type = "`int`"; break;
                default: type = "`" + c.ReturnShort + "`"; break;
            }
            return c.Returns == null ? type : type + ": " + c.Returns;
        }

        public static void Emit(List<Call> calls, Output output)
        {
            string md = Markdown(calls);
            var sb = new StringBuilder();
            sb.AppendLine("// <auto-generated/> by Syscalls.Generator from Syscalls/SyscallApi.cs (ISyscallApi). Do not edit.");
            sb.AppendLine("#if !FREESTANDING");
            sb.AppendLine("namespace Veridian.Syscalls");
            sb.AppendLine("{");
            sb.AppendLine("    /// <summary>The text of docs/syscalls.md and docs/syscall-errors.md, generated from <see cref=\"ISyscallApi\"/>.</summary>");
            sb.AppendLine("    public static class SyscallReference");
            sb.AppendLine("    {");
            sb.Append("        public const string RegenerateCommand = @\"").Append(RegenerateCommand.Replace("\"", "\"\"")).AppendLine("\";");
            sb.Append("        public const string Markdown = @\"").Append(md.Replace("\r", "").Replace("\"", "\"\"")).AppendLine("\";");
            sb.AppendLine("        /// <summary>The text of docs/syscall-errors.md, from the [Detail] and [Error] attributes of <see cref=\"ISyscallApi\"/>.</summary>");
            sb.Append("        public const string ErrorsMarkdown = @\"").Append(ErrorsEmitter.Markdown(calls).Replace("\r", "").Replace("\"", "\"\"")).AppendLine("\";");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            sb.AppendLine("#endif");
            output.Files.Add(new KeyValuePair<string, string>("SyscallReference.g.cs", sb.ToString()));
        }
    }
}
