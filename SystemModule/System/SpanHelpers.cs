using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>
    /// Block copy and fill (the JIT calls these for struct copies and zeroing): the C library's
    /// memmove and memset of Plugs/x86_64/runtime.asm, which move 8 bytes per step.
    /// </summary>
    internal static unsafe class SpanHelpers
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memmove")]
        private static extern void* MemMove(void* destination, void* source, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "memset")]
        private static extern void* MemSet(void* destination, int value, nuint length);

        internal static void Memmove(ref byte destination, ref byte source, nuint length)
            => MemMove(Unsafe.AsPointer(ref destination), Unsafe.AsPointer(ref source), length);

        internal static void ClearWithoutReferences(ref byte b, nuint byteLength)
            => MemSet(Unsafe.AsPointer(ref b), 0, byteLength);

        // The JIT's memset helper: (destination, byte value, length).
        internal static void Fill(ref byte destination, byte value, nuint length)
            => MemSet(Unsafe.AsPointer(ref destination), value, length);
    }

    public static unsafe class Buffer
    {
        // Without a collector there is no write barrier to honour: a plain move.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
            => SpanHelpers.Memmove(ref destination, ref source, byteCount);

        public static void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
        {
            if (sourceBytesToCopy > destinationSizeInBytes) throw new ArgumentOutOfRangeException("sourceBytesToCopy");
            SpanHelpers.Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)sourceBytesToCopy);
        }
    }
}
