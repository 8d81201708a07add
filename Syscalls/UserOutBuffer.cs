namespace Veridian.Syscalls
{
    /// <summary>
    /// Two registers, pointer then byte length: user memory the kernel writes into
    /// (the spec's <c>*mut u8, usize</c> pairs). A zero-length buffer may be null.
    /// </summary>
    public readonly struct UserOutBuffer
    {
        public readonly ulong Address;
        public readonly ulong Length;

        public UserOutBuffer(ulong address, ulong length)
        {
            Address = address;
            Length = length;
        }
    }
}
