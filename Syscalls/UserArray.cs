namespace Veridian.Syscalls
{
    /// <summary>
    /// Two registers, pointer then element count: an array of <typeparamref name="T"/> in user
    /// memory the kernel reads. Element size is <c>sizeof(T)</c>; a zero-length array may be null.
    /// </summary>
    public readonly unsafe struct UserArray<T> where T : unmanaged
    {
        public readonly ulong Address;
        public readonly ulong Count;

        public UserArray(ulong address, ulong count)
        {
            Address = address;
            Count = count;
        }

        /// <summary>sizeof(T).</summary>
        public static ulong ElementSize => (ulong)sizeof(T);

        /// <summary>Count * sizeof(T); callers bound Count first, so this cannot overflow.</summary>
        public ulong ByteLength => Count * (ulong)sizeof(T);

        /// <summary>The user address of element <paramref name="index"/>.</summary>
        public ulong ElementAddress(ulong index)
        {
            return Address + index * (ulong)sizeof(T);
        }
    }
}
