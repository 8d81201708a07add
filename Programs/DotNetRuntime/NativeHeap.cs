namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// malloc/free for what is not a managed object: SystemNative_Malloc (NativeMemory,
    /// Marshal.AllocHGlobal), argv, type managers, monitors. Power-of-two size classes from
    /// 16 bytes to 32 KiB with a free list each, carved from 256 KiB mappings; larger blocks are
    /// mappings of their own, unmapped on free. A 16-byte header before each block records its
    /// class (or its mapped size).
    /// </summary>
    internal static unsafe class NativeHeap
    {
        private const int MinShift = 4;
        private const int MaxShift = 15;
        private const ulong ChunkSize = 256 * 1024;
        private const ulong HeaderSize = 16;
        private const ulong LargeTag = 0xFFFF;

        private struct Header
        {
            public ulong SizeClass;     // shift, or LargeTag
            public ulong MappedBytes;   // large blocks only
        }

        private struct FreeBlock
        {
            public FreeBlock* Next;
        }

        private static FreeBlock** s_free;      // [MaxShift + 1]
        private static byte* s_chunkNext;
        private static byte* s_chunkEnd;
        private static int s_lock;

        public static bool Initialize()
        {
            s_free = (FreeBlock**)PageAllocator.Map(PageAllocator.PageSize);
            return s_free != null;
        }

        public static void* Allocate(ulong size)
        {
            if (size == 0) size = 1;
            if (size > (1UL << MaxShift) - HeaderSize)
                return AllocateLarge(size);
            int shift = MinShift;
            while ((1UL << shift) < size + HeaderSize) shift++;
            fixed (int* l = &s_lock) SpinLock.Acquire(l);
            byte* block = (byte*)s_free[shift];
            if (block != null)
                s_free[shift] = ((FreeBlock*)block)->Next;
            else
                block = Carve(1UL << shift);
            fixed (int* l = &s_lock) SpinLock.Release(l);
            if (block == null) return null;
            ((Header*)block)->SizeClass = (ulong)shift;
            byte* user = block + HeaderSize;
            Memory.Zero(user, (nuint)((1UL << shift) - HeaderSize));
            return user;
        }

        public static void Free(void* pointer)
        {
            if (pointer == null) return;
            byte* block = (byte*)pointer - HeaderSize;
            var header = (Header*)block;
            if (header->SizeClass == LargeTag)
            {
                PageAllocator.Unmap(block, header->MappedBytes);
                return;
            }
            int shift = (int)header->SizeClass;
            fixed (int* l = &s_lock) SpinLock.Acquire(l);
            ((FreeBlock*)block)->Next = s_free[shift];
            s_free[shift] = (FreeBlock*)block;
            fixed (int* l = &s_lock) SpinLock.Release(l);
        }

        /// <summary>The usable size of a block (for realloc).</summary>
        public static ulong UsableSize(void* pointer)
        {
            var header = (Header*)((byte*)pointer - HeaderSize);
            return header->SizeClass == LargeTag ? header->MappedBytes - HeaderSize : (1UL << (int)header->SizeClass) - HeaderSize;
        }

        private static void* AllocateLarge(ulong size)
        {
            ulong bytes = PageAllocator.RoundUp(size + HeaderSize);
            var block = (byte*)PageAllocator.Map(bytes);
            if (block == null) return null;
            ((Header*)block)->SizeClass = LargeTag;
            ((Header*)block)->MappedBytes = bytes;
            return block + HeaderSize;
        }

        private static byte* Carve(ulong bytes)
        {
            if (s_chunkNext == null || s_chunkNext + bytes > s_chunkEnd)
            {
                var chunk = (byte*)PageAllocator.Map(ChunkSize);
                if (chunk == null) return null;
                s_chunkNext = chunk;
                s_chunkEnd = chunk + ChunkSize;
            }
            byte* block = s_chunkNext;
            s_chunkNext += bytes;
            return block;
        }
    }
}
