namespace Veridian.Syscalls
{
    /// <summary>
    /// Marks a method of <see cref="ISyscallApi"/> as the declaration of one syscall. Read at
    /// compile time by <c>Syscalls.Generator</c>; nothing reads it at run time.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Method)]
    public sealed class SyscallAttribute : System.Attribute
    {
        public SyscallAttribute(SyscallNumber number)
        {
            Number = number;
        }

        public SyscallNumber Number { get; }

        /// <summary>The call never returns to its caller (the thread or the process ends).</summary>
        public bool NeverReturns { get; set; }

        /// <summary>What the success value in the return register means (for docs/syscalls.md).</summary>
        public string Returns { get; set; }

        /// <summary>The kernel method that implements it, as <c>Class.Method</c> in <c>Kernel/Dispatch/</c> (docs/syscall-errors.md's index).</summary>
        public string Handler { get; set; }

        /// <summary>Starts a section of docs/syscall-errors.md with this heading (the calls after it, in number order, belong to it).</summary>
        public string Section { get; set; }

        /// <summary>The heading of the error table's second column when it says more than "when (in order)".</summary>
        public string ErrorsWhen { get; set; }

        /// <summary>A paragraph after the call's tables in docs/syscall-errors.md.</summary>
        public string Footnote { get; set; }
    }
}
