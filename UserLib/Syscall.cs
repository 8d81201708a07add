using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.UserLib
{
    /// <summary>
    /// The raw system-call instruction from ring 3: number in rax, arguments in rdi, rsi, rdx,
    /// r10, r8, r9, result in rax (docs/abi.md section 1). Each method is a direct call to a
    /// NASM stub (Programs/Runtime/x86_64/start.asm) with the SysV C calling convention.
    /// </summary>
    public static unsafe class Syscall
    {
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
    }
}
