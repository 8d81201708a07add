namespace Veridian.Syscalls
{
    /// <summary>
    /// x86_64's syscall register convention (the spec's: <c>syscall</c>, number in rax, arguments
    /// in rdi, rsi, rdx, r10, r8, r9, result in rax), stated once. Syscalls.Generator makes both
    /// sides of the boundary from it: the user stubs <c>veridian_syscall0..6</c>
    /// (<c>UserLib/x86_64/syscall.asm</c>, generated; a host test keeps the file in step) and the
    /// kernel's decoding of a trap frame (<c>TrapFrame.ToSyscallFrame</c>, on the struct marked
    /// <see cref="SyscallTrapFrameAttribute"/>). Every architecture defines a class of this name
    /// with these constants (docs/porting.md); registers are separated by spaces.
    /// </summary>
    public static class SyscallConvention
    {
        /// <summary>The architecture folder this file is in (and the generated stub's).</summary>
        public const string Architecture = "x86_64";

        /// <summary>The instruction that enters the kernel.</summary>
        public const string Trap = "syscall";
        /// <summary>Where the kernel finds the syscall number.</summary>
        public const string Number = "rax";
        /// <summary>Where it finds arguments 0..5. r10, not rcx: <c>syscall</c> writes the return address into rcx.</summary>
        public const string Arguments = "rdi rsi rdx r10 r8 r9";
        /// <summary>Where the result comes back.</summary>
        public const string Result = "rax";
        /// <summary>What the trap itself overwrites (the return address and the flags).</summary>
        public const string Clobbered = "rcx r11";

        /// <summary>
        /// Where a C-convention caller (SysV) puts <c>veridian_syscallN(number, a0, .., a5)</c>'s
        /// parameters, in order: six registers, then the first stack slot above the return address.
        /// </summary>
        public const string CallerParameters = "rdi rsi rdx rcx r8 r9 [rsp + 8]";
        /// <summary>Where that caller expects the result.</summary>
        public const string CallerResult = "rax";

        /// <summary>The assembler's syntax for what the stub file needs ({0} destination, {1} source; {0} a symbol).</summary>
        public const string MoveInstruction = "mov {0}, {1}";
        public const string ReturnInstruction = "ret";
        public const string CommentPrefix = ";";
        public const string GlobalDirective = "global {0}";
        public const string FilePrologue = "bits 64\ndefault rel\nsection .text";
        public const string FileEpilogue = "section .note.GNU-stack noalloc noexec nowrite progbits";
    }
}
