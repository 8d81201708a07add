namespace Veridian.Syscalls
{
    /// <summary>
    /// One element of SYS_PROCESS_CREATE's args array (16 bytes): a pointer and a byte length.
    /// Strings are not NUL-terminated (a Rust &amp;str or C# span has a length, not a terminator).
    /// The new process receives them in the same form in its <see cref="StartInfo"/>.
    /// </summary>
    public readonly struct UserString
    {
        public readonly ulong Pointer;
        public readonly ulong Length;

        public UserString(ulong pointer, ulong length)
        {
            Pointer = pointer;
            Length = length;
        }
    }
}
