namespace Veridian.Syscalls
{
    /// <summary>
    /// One register: the user address of a <typeparamref name="T"/> the kernel writes
    /// (copy-out), the "extra out-pointer" of docs/abi.md §3. Its size is <c>sizeof(T)</c>.
    /// 0 is null (always InvalidAddress for the calls that take one).
    /// </summary>
    public readonly unsafe struct UserOutPtr<T> where T : unmanaged
    {
        public readonly ulong Address;

        public UserOutPtr(ulong address)
        {
            Address = address;
        }

        /// <summary>Bytes at <see cref="Address"/>: sizeof(T).</summary>
        public ulong Size => (ulong)sizeof(T);
        public bool IsNull => Address == 0;
    }
}
