using System.Runtime.CompilerServices;
using Veridian.Kernel.Memory;
using Veridian.RuntimeCore;
using Veridian.Syscalls;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// The heap behind `new` in ring 3: a list of chunks, each an anonymous SYS_MMAP region
    /// managed by the kernel's own first-fit allocator (Kernel/Memory/KernelHeap.cs, shared as
    /// source). When no chunk has room, a new one is mapped; a chunk that becomes empty is given
    /// back with SYS_MUNMAP, except the last one left (so a loop of new/free does not map and
    /// unmap every time). Explicit free, as in the kernel (docs/heap.md): there is no collector.
    /// Everything here is an unmanaged static, usable before the runtime's statics exist.
    /// Chunks come from the runtime core's <see cref="PageMapper"/>, the lock is its
    /// <see cref="SpinLock"/>.
    /// Kept apart from the .NET layer's NativeHeap because the two serve different masters:
    /// this is the only heap of a program without a collector, so every object of every size
    /// lives here until an explicit free, in services that run as long as the machine (shell,
    /// file service). It needs what NativeHeap lacks: merging freed neighbours (boundary tags),
    /// giving empty chunks back, and refusing a wrong or double free (the runtime turns that into
    /// a fatal error instead of silent corruption). Under .NET the objects live in the collected
    /// GcHeap and malloc serves only small, mostly long-lived blocks, for which NativeHeap's
    /// size classes are O(1) without a search or a lock held across a list walk.
    /// </summary>
    public static unsafe class UserHeap
    {
        /// <summary>Smallest chunk mapped; bigger requests get a chunk of their own size.</summary>
        public const ulong ChunkSize = 256 * 1024;

        private struct Chunk
        {
            public Chunk* Next;
            public ulong MappedLength;
            public KernelHeap Heap;
        }

        private static Chunk* s_chunks;
        private static ulong s_lock;
        private static ulong s_chunksMapped;
        private static ulong s_chunksUnmapped;

        private static ulong* Lock => (ulong*)Unsafe.AsPointer(ref s_lock);

        /// <summary>Chunks mapped and given back so far (tests check that memory returns).</summary>
        public static ulong ChunksMapped => s_chunksMapped;
        public static ulong ChunksUnmapped => s_chunksUnmapped;

        public static ulong BytesInUse
        {
            get
            {
                ulong total = 0;
                for (Chunk* c = s_chunks; c != null; c = c->Next) total += c->Heap.BytesInUse;
                return total;
            }
        }

        /// <summary>Zeroed memory, 16-byte aligned, or null when the kernel gives no more.</summary>
        public static void* Allocate(ulong size)
        {
            SpinLock.Acquire(Lock);
            void* block = null;
            for (Chunk* c = s_chunks; c != null && block == null; c = c->Next)
                block = c->Heap.Allocate(size);
            if (block == null)
            {
                Chunk* fresh = MapChunk(size);
                if (fresh != null) block = fresh->Heap.Allocate(size);
            }
            SpinLock.Release(Lock);
            return block;
        }

        /// <summary>False for a pointer no chunk handed out, or a double free.</summary>
        public static bool Free(void* block)
        {
            SpinLock.Acquire(Lock);
            bool freed = false;
            Chunk* previous = null;
            for (Chunk* c = s_chunks; c != null; previous = c, c = c->Next)
            {
                if (!c->Heap.Owns(block)) continue;
                freed = c->Heap.Free(block);
                if (freed && c->Heap.BytesInUse == 0 && (previous != null || c->Next != null))
                {
                    if (previous == null) s_chunks = c->Next; else previous->Next = c->Next;
                    PageMapper.Unmap(c, c->MappedLength);
                    s_chunksUnmapped++;
                }
                break;
            }
            SpinLock.Release(Lock);
            return freed;
        }

        private static Chunk* MapChunk(ulong request)
        {
            ulong header = ((ulong)sizeof(Chunk) + 15) & ~15UL;
            // Room for the request, the chunk header and the heap's own block header and alignment.
            ulong length = request + header + 64;
            if (length < request) return null;
            if (length < ChunkSize) length = ChunkSize;
            length = PageMapper.RoundUp(length);
            var chunk = (Chunk*)PageMapper.Map(length);
            if (chunk == null) return null;
            chunk->MappedLength = length;
            chunk->Heap.Initialize((byte*)chunk + header, length - header);
            chunk->Next = s_chunks;
            s_chunks = chunk;
            s_chunksMapped++;
            return chunk;
        }
    }
}
