namespace Veridian.Syscalls
{
    /// <summary>
    /// One error a syscall of <see cref="ISyscallApi"/> returns and the condition that produces it,
    /// written beside its <see cref="SyscallAttribute"/> in the order the handler checks. Read at
    /// compile time by <c>Syscalls.Generator</c> (the tables of docs/syscall-errors.md) and by the
    /// host tests (every error a handler returns is declared, and every declared one is produced);
    /// nothing reads it in the kernel.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ErrorAttribute : System.Attribute
    {
        public ErrorAttribute(SyscallError error, string when)
        {
            Errors = new[] { error };
            When = when;
        }

        /// <summary>Several errors one condition explains (e.g. a capability checked as T with R).</summary>
        public ErrorAttribute(SyscallError[] errors, string when)
        {
            Errors = errors;
            When = when;
        }

        public SyscallError[] Errors { get; }

        /// <summary>The condition, Markdown, as it reads in the table's "when" column.</summary>
        public string When { get; }

        /// <summary>Shown instead of the error names in the first column (e.g. "any error of SYS_IPC_SEND's posting").</summary>
        public string Label { get; set; }
    }
}
