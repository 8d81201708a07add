namespace Veridian.Syscalls
{
    /// <summary>
    /// One row of a syscall's description in docs/syscall-errors.md ("arguments", "result",
    /// "effect", "memory written", "blocking", ...), Markdown, written beside its
    /// <see cref="SyscallAttribute"/>. Read at compile time by <c>Syscalls.Generator</c>; nothing
    /// reads it at run time.
    /// </summary>
    [System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DetailAttribute : System.Attribute
    {
        public DetailAttribute(string name, string text)
        {
            Name = name;
            Text = text;
        }

        public string Name { get; }

        public string Text { get; }
    }
}
