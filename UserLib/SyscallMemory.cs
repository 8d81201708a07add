using System.Runtime.CompilerServices;

namespace Veridian.UserLib
{
    /// <summary>
    /// How a wrapper turns a pointer into the address it passes. In a user program it is the
    /// pointer itself (spans and locals are already in the caller's memory). On the host the
    /// bytes are copied into the calling process's simulated memory by <see cref="Syscall.Backend"/>
    /// and, for what the kernel writes, copied back after the call.
    /// </summary>
    public static unsafe class SyscallMemory
    {
#if FREESTANDING
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong In(void* pointer, ulong length) => (ulong)pointer;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Out(void* pointer, ulong length) => (ulong)pointer;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Back(ulong address, void* pointer, ulong length) { }

        /// <summary>After SYS_EXIT / SYS_THREAD_EXIT: the kernel never comes back here.</summary>
        public static void NeverReturned(ulong ret)
        {
            while (true) { }
        }
#else
        public static ulong In(void* pointer, ulong length) =>
            pointer == null ? 0 : Syscall.Current.CopyIn(pointer, length);

        public static ulong Out(void* pointer, ulong length) =>
            pointer == null ? 0 : Syscall.Current.Reserve(length);

        public static void Back(ulong address, void* pointer, ulong length)
        {
            if (pointer != null && length != 0)
                Syscall.Current.CopyBack(address, pointer, length);
        }

        /// <summary>Host: the exit has been dispatched; the test goes on.</summary>
        public static void NeverReturned(ulong ret) { }
#endif
    }
}
