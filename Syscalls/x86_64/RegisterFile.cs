namespace Veridian.Syscalls
{
    /// <summary>
    /// x86_64's part of a <see cref="FaultContext"/> (offset 40): the general registers but rsp
    /// (that is <see cref="FaultContext.Sp"/>) and rflags, 8 bytes each, 128 bytes. Every
    /// architecture defines a <c>RegisterFile</c> with the members below the fields (the
    /// kernel's and the runtimes' arch-neutral code uses only those; docs/porting.md).
    /// </summary>
    public struct RegisterFile
    {
        /// <summary>Offsets 40 (rax) .. 88 (rbp) of the context.</summary>
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp;
        /// <summary>Offsets 96 (r8) .. 152 (r15).</summary>
        public ulong R8, R9, R10, R11, R12, R13, R14, R15;
        /// <summary>Offset 160: the flags.</summary>
        public ulong Rflags;

        /// <summary>The first and second argument of a call (SysV: rdi, rsi): a thread's start argument, a handler's arguments.</summary>
        public ulong Argument0 { readonly get => Rdi; set => Rdi = value; }
        public ulong Argument1 { readonly get => Rsi; set => Rsi = value; }
    }
}
