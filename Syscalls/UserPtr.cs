namespace Veridian.Syscalls
{
    /// <summary>
    /// One register: the user address of a <typeparamref name="T"/> the kernel reads
    /// (copy-in). Its size is <c>sizeof(T)</c>. 0 is null.
    /// </summary>
    public readonly unsafe struct UserPtr<T> where T : unmanaged
    {
        public readonly ulong Address;

        public UserPtr(ulong address)
        {
            Address = address;
        }

        /// <summary>Bytes at <see cref="Address"/>: sizeof(T).</summary>
        public ulong Size => (ulong)sizeof(T);
        public bool IsNull => Address == 0;
    }
}
