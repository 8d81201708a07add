namespace Veridian.Syscalls
{
    /// <summary>
    /// Two registers, pointer then byte length: bytes in user memory the kernel reads
    /// (the spec's <c>*const u8, usize</c> pairs). A zero-length buffer may be null.
    /// </summary>
    public readonly struct UserBuffer
    {
        public readonly ulong Address;
        public readonly ulong Length;

        public UserBuffer(ulong address, ulong length)
        {
            Address = address;
            Length = length;
        }
    }
}
