using System;
using Veridian.Syscalls;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// The only way kernel code touches user memory. Every copy first checks the range
    /// (<see cref="CheckRange"/>: null page, kernel half / non-canonical, wrap-around) and then
    /// translates page by page through the address space, which rejects unmapped pages and
    /// pages whose protection forbids the access. Nothing here allocates.
    /// </summary>
    public static class UserMemory
    {
        private const ulong PageMask = Abi.PageSize - 1;

        /// <summary>
        /// InvalidAddress unless [pointer, pointer+length) is inside the user range. A zero
        /// length is always fine (the pointer is then not used and may be null).
        /// </summary>
        public static SyscallError CheckRange(ulong pointer, ulong length)
        {
            if (length == 0)
                return SyscallError.Success;
            if (pointer < Abi.UserBase || pointer >= Abi.UserEnd)
                return SyscallError.InvalidAddress;
            if (length > Abi.UserEnd - pointer)
                return SyscallError.InvalidAddress;
            return SyscallError.Success;
        }

        public static SyscallError CopyIn(AddressSpace space, ulong source, Span<byte> destination)
        {
            SyscallError e = CheckRange(source, (ulong)destination.Length);
            if (e != SyscallError.Success)
                return e;
            int done = 0;
            while (done < destination.Length)
            {
                e = UserPage(space, source + (ulong)done, destination.Length - done, ProtectionFlags.Read, false, out Span<byte> page);
                if (e != SyscallError.Success)
                    return e;
                page.CopyTo(destination.Slice(done, page.Length));
                done += page.Length;
            }
            return SyscallError.Success;
        }

        public static SyscallError CopyOut(AddressSpace space, ulong destination, ReadOnlySpan<byte> source)
        {
            return CopyOut(space, destination, source, false);
        }

        /// <summary>Copy to user memory; <paramref name="ignoreProtection"/> is for the kernel loading an image.</summary>
        public static SyscallError CopyOut(AddressSpace space, ulong destination, ReadOnlySpan<byte> source, bool ignoreProtection)
        {
            SyscallError e = CheckRange(destination, (ulong)source.Length);
            if (e != SyscallError.Success)
                return e;
            int done = 0;
            while (done < source.Length)
            {
                e = UserPage(space, destination + (ulong)done, source.Length - done, ProtectionFlags.Write, ignoreProtection, out Span<byte> page);
                if (e != SyscallError.Success)
                    return e;
                source.Slice(done, page.Length).CopyTo(page);
                done += page.Length;
            }
            return SyscallError.Success;
        }

        /// <summary>
        /// The kernel's view of user memory from <paramref name="va"/> to the end of its page (at most
        /// <paramref name="max"/> bytes), after resolving the page for <paramref name="access"/>.
        /// </summary>
        private static SyscallError UserPage(AddressSpace space, ulong va, int max, ProtectionFlags access, bool ignoreProtection, out Span<byte> bytes)
        {
            bytes = default;
            int offset = (int)(va & PageMask);
            int chunk = (int)Abi.PageSize - offset;
            if (chunk > max)
                chunk = max;
            SyscallError e = space.Resolve(va, access, ignoreProtection, out ulong pa);
            if (e != SyscallError.Success)
                return e;
            bytes = space.Kernel.Platform.FrameBytes(pa).Slice(offset, chunk);
            return SyscallError.Success;
        }

        /// <summary>
        /// The kernel's view of [<paramref name="pointer"/>, +<paramref name="length"/>) as one
        /// span, when the range is valid, lies within one page and that page is mapped with the
        /// access (faulting it in, as a copy would); false otherwise (the caller takes the general
        /// path). An empty range is an empty span. The IPC fast path copies user to user through
        /// it: both sides resolved first, then one copy that cannot fail.
        /// </summary>
        public static bool TryPageSpan(AddressSpace space, ulong pointer, ulong length, ProtectionFlags access, out Span<byte> bytes)
        {
            bytes = default;
            if (length == 0)
                return true;
            if (CheckRange(pointer, length) != SyscallError.Success || (pointer & PageMask) + length > Abi.PageSize)
                return false;
            return UserPage(space, pointer, (int)length, access, false, out bytes) == SyscallError.Success;
        }

        /// <summary>Writes <paramref name="value"/> to the start of <paramref name="bytes"/> (a span from <see cref="TryPageSpan"/> at least its size).</summary>
        public static unsafe void Store<T>(Span<byte> bytes, T value) where T : unmanaged
        {
            new ReadOnlySpan<byte>(&value, sizeof(T)).CopyTo(bytes);
        }

        /// <summary>Checks that a whole range is mapped with the access (faulting pages in), without copying.</summary>
        public static SyscallError Probe(AddressSpace space, ulong pointer, ulong length, ProtectionFlags access)
        {
            SyscallError e = CheckRange(pointer, length);
            if (e != SyscallError.Success || length == 0)
                return e;
            ulong page = pointer & ~PageMask;
            ulong end = pointer + length;
            while (page < end)
            {
                e = space.Resolve(page, access, false, out ulong _);
                if (e != SyscallError.Success)
                    return e;
                page += Abi.PageSize;
            }
            return SyscallError.Success;
        }

        public static unsafe SyscallError Write<T>(AddressSpace space, ulong destination, T value) where T : unmanaged
        {
            return CopyOut(space, destination, new ReadOnlySpan<byte>(&value, sizeof(T)), false);
        }

        public static unsafe SyscallError Read<T>(AddressSpace space, ulong source, out T value) where T : unmanaged
        {
            T v = default;
            SyscallError e = CopyIn(space, source, new Span<byte>(&v, sizeof(T)));
            value = v;
            return e;
        }
    }
}
