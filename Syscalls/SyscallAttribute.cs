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
    }
}
