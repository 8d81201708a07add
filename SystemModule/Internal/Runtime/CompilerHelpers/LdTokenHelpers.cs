using System;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>`ldtoken` support. The kernel uses it only through array initialisers, which the JIT expands inline.</summary>
    internal static class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr type) => new RuntimeTypeHandle(type);
        private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr method) => new RuntimeMethodHandle(method);
        private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr field) => new RuntimeFieldHandle(field);
    }
}
