#if FREESTANDING
using System.Runtime;
using System.Runtime.CompilerServices;
#endif

namespace Veridian.UserLib
{
    /// <summary>
    /// The raw calls: number and up to six argument registers in, the return register out
    /// (bit 63 = error, see <see cref="Veridian.Syscalls.SyscallReturn"/>). In a user program
    /// (FREESTANDING) they are the <c>veridian_syscall0..6</c> assembly stubs of the architecture
    /// (UserLib/&lt;arch&gt;/syscall.asm, generated from Syscalls/&lt;arch&gt;/SyscallConvention.cs), which follow the spec's convention for it
    /// (docs/abi.md §1). On the
    /// host they go to <see cref="Backend"/>, which the tests point at the real dispatcher.
    /// Prefer the typed wrappers in <see cref="Sys"/>.
    /// </summary>
    public static unsafe class Syscall
    {
#if FREESTANDING
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall0")]
        public static extern ulong Syscall0(ulong n);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall1")]
        public static extern ulong Syscall1(ulong n, ulong a0);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall2")]
        public static extern ulong Syscall2(ulong n, ulong a0, ulong a1);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall3")]
        public static extern ulong Syscall3(ulong n, ulong a0, ulong a1, ulong a2);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall4")]
        public static extern ulong Syscall4(ulong n, ulong a0, ulong a1, ulong a2, ulong a3);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall5")]
        public static extern ulong Syscall5(ulong n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_syscall6")]
        public static extern ulong Syscall6(ulong n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5);
#else
        [System.ThreadStatic]
        private static ISyscallBackend backend;

        /// <summary>Host only: where this test thread's syscalls go (per thread, since xunit runs tests in parallel). Null until set.</summary>
        public static ISyscallBackend Backend
        {
            get => backend;
            set => backend = value;
        }

        internal static ISyscallBackend Current =>
            backend ?? throw new System.InvalidOperationException("UserLib on the host: set Syscall.Backend first");

        public static ulong Syscall0(ulong n) => Current.Invoke(n, 0, 0, 0, 0, 0, 0);
        public static ulong Syscall1(ulong n, ulong a0) => Current.Invoke(n, a0, 0, 0, 0, 0, 0);
        public static ulong Syscall2(ulong n, ulong a0, ulong a1) => Current.Invoke(n, a0, a1, 0, 0, 0, 0);
        public static ulong Syscall3(ulong n, ulong a0, ulong a1, ulong a2) => Current.Invoke(n, a0, a1, a2, 0, 0, 0);
        public static ulong Syscall4(ulong n, ulong a0, ulong a1, ulong a2, ulong a3) => Current.Invoke(n, a0, a1, a2, a3, 0, 0);
        public static ulong Syscall5(ulong n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4) => Current.Invoke(n, a0, a1, a2, a3, a4, 0);
        public static ulong Syscall6(ulong n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5) => Current.Invoke(n, a0, a1, a2, a3, a4, a5);
#endif
    }
}
