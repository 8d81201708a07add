using System.Runtime.CompilerServices;

namespace System
{
    /// <summary>
    /// Block copy and fill. The JIT calls these for struct copies and zeroing, so they must not
    /// themselves compile into calls to themselves: plain loops over words, then bytes.
    /// </summary>
    internal static unsafe class SpanHelpers
    {
        internal static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            byte* d = (byte*)Unsafe.AsPointer(ref destination);
            byte* s = (byte*)Unsafe.AsPointer(ref source);
            if (d == s || length == 0) return;
            if (d < s || d >= s + length)
            {
                nuint i = 0;
                for (; i + 8 <= length; i += 8) *(ulong*)(d + i) = *(ulong*)(s + i);
                for (; i < length; i++) d[i] = s[i];
            }
            else
            {
                nuint i = length;
                for (; i >= 8; i -= 8) *(ulong*)(d + i - 8) = *(ulong*)(s + i - 8);
                for (; i > 0; i--) d[i - 1] = s[i - 1];
            }
        }

        internal static void ClearWithoutReferences(ref byte b, nuint byteLength)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref b);
            nuint i = 0;
            for (; i + 8 <= byteLength; i += 8) *(ulong*)(p + i) = 0;
            for (; i < byteLength; i++) p[i] = 0;
        }

        // The JIT's memset helper: (destination, byte value, length).
        internal static void Fill(ref byte destination, byte value, nuint length)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref destination);
            for (nuint i = 0; i < length; i++) p[i] = value;
        }
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
