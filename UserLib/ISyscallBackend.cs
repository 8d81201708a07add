#if !FREESTANDING
namespace Veridian.UserLib
{
    /// <summary>
    /// Host only: what stands behind <see cref="Syscall"/> in the xunit tests. It makes the call
    /// (through the real dispatcher) and moves the bytes behind user pointers, because on the
    /// host the caller's memory is simulated: a pointer a wrapper passes must be an address in
    /// the calling process's simulated address space, not a host address.
    /// </summary>
    public unsafe interface ISyscallBackend
    {
        /// <summary>One syscall: registers in, return register out.</summary>
        ulong Invoke(ulong number, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5);

        /// <summary>Copies <paramref name="length"/> bytes into the caller's user memory; returns their user address.</summary>
        ulong CopyIn(void* source, ulong length);

        /// <summary>Zeroed, writable user memory for the kernel to write into; returns its user address.</summary>
        ulong Reserve(ulong length);

        /// <summary>Copies <paramref name="length"/> bytes at user <paramref name="address"/> back to the host.</summary>
        void CopyBack(ulong address, void* destination, ulong length);
    }
}
#endif
