namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The managed heap. First version: a bump allocator over one lazily-backed reservation
    /// (pages are allocated by the kernel on first touch). The collector replaces this.
    /// </summary>
    internal static unsafe class GcHeap
    {
        public const ulong ReservationSize = 512UL * 1024 * 1024;

        private static byte* s_base;
        private static byte* s_next;
        private static byte* s_end;
        private static int s_lock;

        public static bool Initialize()
        {
            s_base = (byte*)PageAllocator.Map(ReservationSize);
            if (s_base == null) return false;
            s_next = s_base;
            s_end = s_base + ReservationSize;
            return true;
        }

        /// <summary>Zeroed memory for an object of <paramref name="bytes"/> bytes, or null.</summary>
        public static void* Allocate(ulong bytes)
        {
            bytes = (bytes + 7) & ~7UL;
            fixed (int* l = &s_lock) SpinLock.Acquire(l);
            byte* at = s_next;
            if (bytes > (ulong)(s_end - at))
                at = null;
            else
                s_next = at + bytes;
            fixed (int* l = &s_lock) SpinLock.Release(l);
            return at;
        }

        public static long BytesInUse => s_next - s_base;

        public static int Collections;

        public static void Collect() { }
    }
}
