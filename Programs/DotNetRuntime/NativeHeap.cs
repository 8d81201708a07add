using Veridian.RuntimeCore;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// malloc/free for what is not a managed object: SystemNative_Malloc (NativeMemory,
    /// Marshal.AllocHGlobal), argv, type managers, monitors. Power-of-two size classes from
    /// 16 bytes to 32 KiB with a free list each, carved from 256 KiB mappings; larger blocks are
    /// mappings of their own, unmapped on free. A 16-byte header before each block records its
    /// class (or its mapped size). Pages come from the runtime core's <see cref="PageMapper"/>,
    /// the lock is its <see cref="SpinLock"/>.
    /// Kept apart from the small runtime's UserHeap (the kernel's first-fit KernelHeap per chunk):
    /// managed objects live in the collected GcHeap, so malloc here serves only the runtime's own
    /// records (thread blocks, monitors, handle pages, type managers, argv) and CoreLib's native
    /// buffers, small and mostly long-lived. Classes give O(1) allocate and free with no search
    /// under the lock every thread's Monitor creation takes, and realloc's usable size for free.
    /// UserHeap instead must hold every object of a program with no collector, of any size, and
    /// so needs what this heap does not do: merging freed neighbours, giving empty chunks back,
    /// refusing a wrong or double free. The GC heap (Gc/GcHeap.cs) is a third, the .NET
    /// layer's alone: a collector's heap (size-class blocks, mark bits, sweep, decommit).
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
        private static ulong s_lock;

        public static bool Initialize()
        {
            s_free = (FreeBlock**)PageMapper.Map(PageMapper.PageSize);
            return s_free != null;
        }

        public static void* Allocate(ulong size)
        {
            if (size == 0) size = 1;
            if (size > (1UL << MaxShift) - HeaderSize)
                return AllocateLarge(size);
            int shift = MinShift;
            while ((1UL << shift) < size + HeaderSize) shift++;
            SpinLock.Acquire(ref s_lock);
            byte* block = (byte*)s_free[shift];
            if (block != null)
                s_free[shift] = ((FreeBlock*)block)->Next;
            else
                block = Carve(1UL << shift);
            SpinLock.Release(ref s_lock);
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
                PageMapper.Unmap(block, header->MappedBytes);
                return;
            }
            int shift = (int)header->SizeClass;
            SpinLock.Acquire(ref s_lock);
            ((FreeBlock*)block)->Next = s_free[shift];
            s_free[shift] = (FreeBlock*)block;
            SpinLock.Release(ref s_lock);
        }

        /// <summary>The usable size of a block (for realloc).</summary>
        public static ulong UsableSize(void* pointer)
        {
            var header = (Header*)((byte*)pointer - HeaderSize);
            return header->SizeClass == LargeTag ? header->MappedBytes - HeaderSize : (1UL << (int)header->SizeClass) - HeaderSize;
        }

        private static void* AllocateLarge(ulong size)
        {
            ulong bytes = PageMapper.RoundUp(size + HeaderSize);
            var block = (byte*)PageMapper.Map(bytes);
            if (block == null) return null;
            ((Header*)block)->SizeClass = LargeTag;
            ((Header*)block)->MappedBytes = bytes;
            return block + HeaderSize;
        }

        private static byte* Carve(ulong bytes)
        {
            if (s_chunkNext == null || s_chunkNext + bytes > s_chunkEnd)
            {
                var chunk = (byte*)PageMapper.Map(ChunkSize);
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
