using Veridian.Kernel.Platform;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// Physical 4 KiB frames from one contiguous range, one bit each. Allocation scans from a
    /// rotating hint a word (64 frames) at a time; free is O(1). Double frees and foreign
    /// addresses are kernel bugs and panic.
    /// </summary>
    public sealed class BitmapFrameAllocator : FrameAllocator
    {
        public const ulong FrameSize = 4096;

        private readonly ulong _base;
        private readonly int _frames;
        private readonly ulong[] _used;     // bit set = allocated
        private int _free;
        private int _hintWord;

        /// <param name="physicalBase">First frame; rounded up to a frame boundary.</param>
        /// <param name="length">Bytes in the range; whole frames only are used.</param>
        public BitmapFrameAllocator(ulong physicalBase, ulong length)
        {
            ulong aligned = (physicalBase + FrameSize - 1) & ~(FrameSize - 1);
            length = length > aligned - physicalBase ? length - (aligned - physicalBase) : 0;
            _base = aligned;
            _frames = (int)(length / FrameSize);
            _used = new ulong[(_frames + 63) / 64];
            _free = _frames;
            int tail = _frames % 64;
            if (tail != 0) _used[_used.Length - 1] = ~0UL << tail;   // bits past the end are never free
        }

        /// <summary>
        /// Over a range with holes (a machine's memory map): every frame starts allocated, and
        /// <see cref="ReleaseRange"/> hands the usable stretches over.
        /// </summary>
        public static BitmapFrameAllocator AllAllocated(ulong physicalBase, ulong length)
        {
            var a = new BitmapFrameAllocator(physicalBase, length);
            for (int w = 0; w < a._used.Length; w++) a._used[w] = ~0UL;
            a._free = 0;
            return a;
        }

        /// <summary>Makes the whole frames inside [start, end) free, clipped to this allocator's range.</summary>
        public void ReleaseRange(ulong start, ulong end) => SetRange(start, end, free: true);

        /// <summary>Takes the frames touching [start, end) out of use, clipped to this allocator's range.</summary>
        public void ReserveRange(ulong start, ulong end) => SetRange(start, end, free: false);

        private void SetRange(ulong start, ulong end, bool free)
        {
            ulong limit = _base + (ulong)_frames * FrameSize;
            // Releasing uses whole frames inside the range; reserving covers every frame it touches.
            start = free ? (start + FrameSize - 1) & ~(FrameSize - 1) : start & ~(FrameSize - 1);
            end = free ? end & ~(FrameSize - 1) : (end + FrameSize - 1) & ~(FrameSize - 1);
            if (start < _base) start = _base;
            if (end > limit) end = limit;
            for (ulong frame = start; frame < end; frame += FrameSize)
            {
                int index = (int)((frame - _base) / FrameSize);
                ulong mask = 1UL << (index % 64);
                bool used = (_used[index / 64] & mask) != 0;
                if (free && used) { _used[index / 64] &= ~mask; _free++; }
                else if (!free && !used) { _used[index / 64] |= mask; _free--; }
            }
        }

        public ulong Base => _base;
        public int Total => _frames;
        public override int FreeCount => _free;
        public override int TotalCount => _frames;

        public override bool TryAllocate(out ulong physicalAddress)
        {
            physicalAddress = 0;
            if (_free == 0) return false;
            for (int n = 0; n < _used.Length; n++)
            {
                int w = (_hintWord + n) % _used.Length;
                ulong word = _used[w];
                if (word == ~0UL) continue;
                int bit = LowestClearBit(word);
                _used[w] = word | (1UL << bit);
                _free--;
                _hintWord = w;
                physicalAddress = _base + (ulong)(w * 64 + bit) * FrameSize;
                return true;
            }
            return false;
        }

        public override void Free(ulong physicalAddress)
        {
            if (!Contains(physicalAddress) || (physicalAddress & (FrameSize - 1)) != 0)
                throw new System.InvalidOperationException("frame allocator: free of an address it does not own");
            int index = (int)((physicalAddress - _base) / FrameSize);
            ulong mask = 1UL << (index % 64);
            if ((_used[index / 64] & mask) == 0)
                throw new System.InvalidOperationException("frame allocator: frame freed twice");
            _used[index / 64] &= ~mask;
            _free++;
        }

        public bool Contains(ulong physicalAddress)
            => physicalAddress >= _base && physicalAddress < _base + (ulong)_frames * FrameSize;

        private static int LowestClearBit(ulong word)
        {
            ulong inverted = ~word;
            int bit = 0;
            while ((inverted & 1) == 0) { inverted >>= 1; bit++; }
            return bit;
        }
    }
}
