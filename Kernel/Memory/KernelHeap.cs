namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// The kernel heap behind `new`: first-fit over an explicit free list, with boundary tags so
    /// a freed block merges with free neighbours in O(1). Memory is returned zeroed. It is an
    /// unmanaged struct so it can run before the runtime has initialised any managed statics.
    ///
    /// Block layout (16-byte aligned): a 16-byte header, then the payload.
    ///   header word 0: block size in bytes (header included, a multiple of 16) | Used bit
    ///   header word 1: low 32 bits = size of the previous block / 16 (0 for the first),
    ///                  high 32 bits = Magic (catches frees of pointers the heap never gave out)
    /// A free block keeps its free-list links in the first 16 bytes of its payload.
    /// </summary>
    public unsafe struct KernelHeap
    {
        public const uint Magic = 0x4B524E56;   // "VNRK"
        private const ulong Used = 1;
        private const ulong HeaderSize = 16;
        private const ulong MinBlock = 32;      // header + two links

        private byte* _start;
        private byte* _end;
        private FreeLinks* _freeHead;
        private ulong _bytesInUse;
        private ulong _allocations;
        private ulong _frees;

        private struct FreeLinks
        {
            public FreeLinks* Next;
            public FreeLinks* Prev;
        }

        public ulong Capacity => (ulong)(_end - _start);
        public ulong BytesInUse => _bytesInUse;
        public ulong Allocations => _allocations;
        public ulong Frees => _frees;
        public bool IsInitialized => _start != null;

        /// <summary>Takes ownership of [start, start+length). Start is rounded up to 16 bytes.</summary>
        public void Initialize(byte* start, ulong length)
        {
            byte* aligned = (byte*)(((ulong)start + 15) & ~15UL);
            length -= (ulong)(aligned - start);
            length &= ~15UL;
            _start = aligned;
            _end = aligned + length;
            _freeHead = null;
            _bytesInUse = _allocations = _frees = 0;
            if (length < MinBlock) { _end = _start; return; }
            SetHeader(_start, length, false, 0);
            PushFree(_start);
        }

        /// <summary>Returns <paramref name="size"/> zeroed bytes aligned to 16, or null when full.</summary>
        public void* Allocate(ulong size)
        {
            if (size == 0) size = 1;
            if (size > Capacity) return null;
            ulong need = ((size + 15) & ~15UL) + HeaderSize;
            if (need < MinBlock) need = MinBlock;

            for (FreeLinks* f = _freeHead; f != null; f = f->Next)
            {
                byte* block = (byte*)f - HeaderSize;
                ulong blockSize = SizeOf(block);
                if (blockSize < need) continue;
                RemoveFree(block);
                if (blockSize - need >= MinBlock)
                {
                    byte* rest = block + need;
                    SetHeader(rest, blockSize - need, false, need);
                    FixNextPrevSize(rest);
                    PushFree(rest);
                    blockSize = need;
                }
                SetHeader(block, blockSize, true, PrevSizeOf(block));
                ulong* payload = (ulong*)(block + HeaderSize);
                for (ulong i = 0; i < (blockSize - HeaderSize) / 8; i++) payload[i] = 0;
                _bytesInUse += blockSize;
                _allocations++;
                return payload;
            }
            return null;
        }

        /// <summary>Returns a block to the heap. False for a pointer the heap does not own or a double free.</summary>
        public bool Free(void* pointer)
        {
            byte* block = (byte*)pointer - HeaderSize;
            if (!Owns(pointer) || ((ulong)pointer & 15) != 0) return false;
            if ((uint)(((ulong*)block)[1] >> 32) != Magic || (((ulong*)block)[0] & Used) == 0) return false;

            ulong size = SizeOf(block);
            _bytesInUse -= size;
            _frees++;
            SetHeader(block, size, false, PrevSizeOf(block));

            byte* next = block + size;
            if (next < _end && !IsUsed(next))
            {
                RemoveFree(next);
                size += SizeOf(next);
                SetHeader(block, size, false, PrevSizeOf(block));
            }
            ulong prevSize = PrevSizeOf(block);
            if (prevSize != 0 && !IsUsed(block - prevSize))
            {
                byte* prev = block - prevSize;
                RemoveFree(prev);
                size += SizeOf(prev);
                block = prev;
                SetHeader(block, size, false, PrevSizeOf(block));
            }
            FixNextPrevSize(block);
            PushFree(block);
            return true;
        }

        public bool Owns(void* pointer) => (byte*)pointer >= _start + HeaderSize && (byte*)pointer < _end;

        /// <summary>Walks every block and checks the tags agree; the self-tests and host tests call it.</summary>
        public bool Verify(out ulong freeBytes)
        {
            freeBytes = 0;
            ulong used = 0, prev = 0;
            for (byte* b = _start; b < _end; b += SizeOf(b))
            {
                ulong size = SizeOf(b);
                if (size < MinBlock || b + size > _end || PrevSizeOf(b) != prev) return false;
                if ((uint)(((ulong*)b)[1] >> 32) != Magic) return false;
                if (IsUsed(b)) used += size; else freeBytes += size;
                if (!IsUsed(b) && prev != 0 && !IsUsed(b - prev)) return false; // unmerged neighbours
                prev = size;
            }
            return used == _bytesInUse && used + freeBytes == Capacity;
        }

        private static ulong SizeOf(byte* block) => ((ulong*)block)[0] & ~15UL;
        private static bool IsUsed(byte* block) => (((ulong*)block)[0] & Used) != 0;
        private static ulong PrevSizeOf(byte* block) => (((ulong*)block)[1] & 0xFFFFFFFF) * 16;

        private static void SetHeader(byte* block, ulong size, bool used, ulong prevSize)
        {
            ((ulong*)block)[0] = size | (used ? Used : 0);
            ((ulong*)block)[1] = ((ulong)Magic << 32) | (prevSize / 16);
        }

        private void FixNextPrevSize(byte* block)
        {
            byte* next = block + SizeOf(block);
            if (next < _end)
                ((ulong*)next)[1] = ((ulong)Magic << 32) | (SizeOf(block) / 16);
        }

        private void PushFree(byte* block)
        {
            var links = (FreeLinks*)(block + HeaderSize);
            links->Prev = null;
            links->Next = _freeHead;
            if (_freeHead != null) _freeHead->Prev = links;
            _freeHead = links;
        }

        private void RemoveFree(byte* block)
        {
            var links = (FreeLinks*)(block + HeaderSize);
            if (links->Prev != null) links->Prev->Next = links->Next; else _freeHead = links->Next;
            if (links->Next != null) links->Next->Prev = links->Prev;
        }
    }
}
