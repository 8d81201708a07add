using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Veridian.Syscalls.Generator
{
    /// <summary>
    /// docs/syscall-errors.md: for every call its [Detail] rows and its [Error]s in the order the
    /// handler checks them, from the one declaration (ISyscallApi). Emitted beside
    /// docs/syscalls.md's text into the host Syscalls assembly
    /// (<c>Veridian.Syscalls.SyscallReference.ErrorsMarkdown</c>); a host test compares the file with it.
    /// </summary>
    internal static class ErrorsEmitter
    {
        private static readonly string[] Intro =
        {
            "Every system call as this kernel implements it, with **each error and the condition that",
            "produces it, in the order the handler checks them**, plus what the call writes to user memory.",
            "Registers, argument types and UserLib's wrappers come from the one declaration",
            "(`Syscalls/SyscallApi.cs`) in the generated [`syscalls.md`](syscalls.md), which is",
            "authoritative for them; the handlers are in `Kernel/Dispatch/` (one file per group, named",
            "below); the decisions behind them (why an extra out pointer, what a token is, how blocking",
            "results are delivered) are in [`abi.md`](abi.md).",
        };

        private static readonly string[] Conventions =
        {
            "## Conventions",
            "",
            "**Registers**: the number, `arg0..arg5` and the result travel in the architecture's registers",
            "(`docs/abi.md` §1, one column per architecture).",
            "",
            "**Result register.** Bit 63 clear: success, bits 0..62 are the value (0 for calls that return",
            "nothing). Bit 63 set: error, bits 0..31 are the `SyscallError` code",
            "(`0x8000_0000_0000_0000 | code`). See `Syscalls/SyscallReturn.cs`.",
            "",
            "**Argument types** used below: `u64` any 64-bit value; `u32` must fit in 32 bits (a set upper",
            "half is `InvalidParameter`); `cap` a capability token of the caller's space (0 = none where",
            "allowed); `ptr` a user address (`[0x1_0000, 0x8000_0000_0000)`); `len` a byte count;",
            "`timeout` nanoseconds, `0` = do not wait, `u64::MAX` = no deadline. A pointer with length 0 is",
            "never touched and may be null.",
            "",
            "**Errors common to many calls** (not repeated in every table unless the call has its own rule):",
            "",
            "| error | code | meaning here |",
            "| --- | --- | --- |",
            "| `InvalidParameter` | 1 | a value outside what the call accepts |",
            "| `PermissionDenied` | 2 | a capability without the needed right, or not the parent of a process |",
            "| `NotFound` | 3 | an id or reply token that names nothing (stale, freed, never existed) |",
            "| `AlreadyExists` | 4 | the thing to create is already there |",
            "| `OutOfMemory` | 5 | no free frames or no free address range |",
            "| `Busy` | 6 | a full queue, a second waiter, a second start |",
            "| `Timeout` | 7 | the call would have to wait and the timeout is 0, or the timeout passed |",
            "| `ResourceExhausted` | 8 | a fixed-size kernel table is full, or the caller's quota for that kind of object is used up (limits and quotas: [abi.md §7](abi.md#7-capabilities), [§14](abi.md#14-limits-defaults-kernelconfig)) |",
            "| `InvalidCapability` | 9 | a token that is null, forged, stale, or of the wrong object type |",
            "| `Interrupted` | 10 | the peer died (endpoint owner, server, caller) |",
            "| `InvalidAddress` | 11 | a user range outside the user half, wrapping, unmapped, or without the needed access |",
            "| `BufferTooSmall` | 12 | a receive or response buffer smaller than the message |",
            "| `NotSupported` | 13 | a valid request this kernel does not implement |",
            "| `InvalidSyscall` | 14 | a number that names no call (also numbers ≥ 2³²) |",
            "",
            "A capability argument checked \"as T with R\" fails `InvalidCapability` if the token does not",
            "name a live capability of object type T in the caller's space, then `PermissionDenied` if it",
            "lacks right R. User pointers are checked as in [abi.md §13](abi.md#13-user-pointers): a bad one",
            "is `InvalidAddress`, a not-yet-touched anonymous page that cannot get a frame is `OutOfMemory`.",
            "",
        };

        public static string Markdown(List<Call> calls)
        {
            var sb = new StringBuilder();
            sb.AppendLine("# System call errors");
            sb.AppendLine();
            foreach (string l in Intro)
                sb.AppendLine(l);
            sb.AppendLine();
            sb.AppendLine("<!-- Generated from Syscalls/SyscallApi.cs ([Syscall], [Detail] and [Error] on ISyscallApi) by");
            sb.AppendLine("     Syscalls.Generator. Do not edit; change the declaration and regenerate with:");
            sb.Append("     ").Append(DocsEmitter.RegenerateCommand).AppendLine(" -->");
            sb.AppendLine();
            foreach (string l in Conventions)
                sb.AppendLine(l);
            sb.AppendLine("## Index");
            sb.AppendLine();
            sb.AppendLine("| number | call | handler |");
            sb.AppendLine("| --- | --- | --- |");
            foreach (Call c in calls)
                sb.Append("| ").Append(c.Number).Append(" | [`").Append(c.SysName).Append("`](#").Append(c.Number).Append("--")
                  .Append(c.SysName.ToLowerInvariant()).Append(") | `").Append(c.Handler).AppendLine("` |");
            sb.AppendLine();
            sb.AppendLine("Any other number: `InvalidSyscall`.");
            foreach (Call c in calls)
            {
                sb.AppendLine();
                if (c.Section != null)
                    sb.Append("## ").AppendLine(c.Section).AppendLine();
                sb.Append("### ").Append(c.Number).Append(" · ").AppendLine(c.SysName);
                if (c.Details.Count > 0)
                {
                    sb.AppendLine();
                    sb.AppendLine("| | |");
                    sb.AppendLine("| --- | --- |");
                    foreach (KeyValuePair<string, string> d in c.Details)
                        sb.Append("| ").Append(Cell(d.Key)).Append(" | ").Append(Cell(d.Value)).AppendLine(" |");
                }
                if (c.Errors.Count > 0)
                {
                    sb.AppendLine();
                    sb.Append("| error | ").Append(c.ErrorsWhen ?? "when (in order)").AppendLine(" |");
                    sb.AppendLine("| --- | --- |");
                    foreach (ErrorDecl e in c.Errors)
                    {
                        string first = e.Label ?? string.Join(", ", e.Names.Select(n => "`" + n + "`"));
                        sb.Append("| ").Append(Cell(first)).Append(" | ").Append(Cell(e.When)).AppendLine(" |");
                    }
                }
                if (c.Footnote != null)
                    sb.AppendLine().AppendLine(c.Footnote);
            }
            return sb.ToString();
        }

        /// <summary>A table cell: a '|' in the text is escaped.</summary>
        private static string Cell(string text)
        {
            return (text ?? "").Replace("|", "\\|");
        }
    }
}
