using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime
{
    /// <summary>memmove/memset (Plugs/x86_64/runtime.asm) for the runtime layer's own C#.</summary>
    internal static unsafe class Memory
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memmove")]
        private static extern void* MemMove(void* destination, void* source, nuint size);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memset")]
        private static extern void* MemSet(void* destination, int value, nuint size);

        public static void Move(void* destination, void* source, nuint size) => MemMove(destination, source, size);

        public static void Zero(void* destination, nuint size) => MemSet(destination, 0, size);
    }
}
