using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Veridian.Kernel.Memory;
using Xunit;

namespace Veridian.Tests.Boot
{
    public sealed unsafe class HeapTests : IDisposable
    {
        private const ulong Size = 1 << 20;
        private readonly byte* _memory = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 16);
        private KernelHeap _heap;

        public HeapTests()
        {
            new Span<byte>(_memory, (int)Size).Fill(0xCD);   // garbage: allocations must come back zeroed
            _heap.Initialize(_memory, Size);
        }

        public void Dispose() => NativeMemory.AlignedFree(_memory);

        [Fact]
        public void Allocations_are_aligned_zeroed_disjoint_and_inside_the_region()
        {
            var blocks = new List<(ulong Start, ulong Size)>();
            for (ulong n = 1; n < 300; n += 7)
            {
                byte* p = (byte*)_heap.Allocate(n);
                Assert.True(p != null);
                Assert.Equal(0UL, (ulong)p % 16);
                Assert.True(p >= _memory && p + n <= _memory + Size);
                for (ulong i = 0; i < n; i++) Assert.Equal(0, p[i]);
                new Span<byte>(p, (int)n).Fill(0xAA);
                blocks.Add(((ulong)p, n));
            }
            blocks.Sort();
            for (int i = 1; i < blocks.Count; i++)
                Assert.True(blocks[i - 1].Start + blocks[i - 1].Size <= blocks[i].Start);
            Assert.True(_heap.Verify(out _));
        }

        [Fact]
        public void Freeing_everything_merges_back_into_one_free_block()
        {
            var ptrs = new List<IntPtr>();
            for (int i = 0; i < 100; i++) ptrs.Add((IntPtr)_heap.Allocate((ulong)(i % 13 + 1) * 24));
            // Free in an interleaved order so both forward and backward merging are exercised.
            for (int i = 0; i < ptrs.Count; i += 2) Assert.True(_heap.Free((void*)ptrs[i]));
            for (int i = 1; i < ptrs.Count; i += 2) Assert.True(_heap.Free((void*)ptrs[i]));

            Assert.Equal(0UL, _heap.BytesInUse);
            Assert.True(_heap.Verify(out ulong free));
            Assert.Equal(_heap.Capacity, free);
            Assert.True(_heap.Allocate(_heap.Capacity - 16) != null);  // one block spans the heap again
        }

        [Fact]
        public void Freed_memory_is_reused()
        {
            void* a = _heap.Allocate(4000);
            Assert.True(_heap.Free(a));
            void* b = _heap.Allocate(4000);
            Assert.True(a == b);
        }

        [Fact]
        public void Exhaustion_returns_null_and_the_heap_stays_usable()
        {
            int count = 0;
            while (_heap.Allocate(64 * 1024) != null) count++;
            Assert.InRange(count, 10, 16);
            Assert.True(_heap.Allocate(ulong.MaxValue) == null);
            Assert.True(_heap.Verify(out _));
            Assert.True(_heap.Allocate(16) != null || _heap.BytesInUse > Size - 64 * 1024);
        }

        [Fact]
        public void Double_free_and_foreign_pointers_are_refused()
        {
            void* a = _heap.Allocate(100);
            Assert.True(_heap.Free(a));
            Assert.False(_heap.Free(a));                         // double free
            Assert.False(_heap.Free((byte*)a + 16));             // inside a block
            int local;
            Assert.False(_heap.Free(&local));                   // not the heap's memory
            Assert.False(_heap.Free(null));
            Assert.True(_heap.Verify(out _));
        }

        [Fact]
        public void Random_allocate_free_sequences_keep_the_heap_consistent()
        {
            var random = new Random(1234);
            var live = new List<(IntPtr Ptr, int Size, byte Tag)>();
            for (int step = 0; step < 5000; step++)
            {
                if (live.Count > 0 && random.Next(3) == 0)
                {
                    int i = random.Next(live.Count);
                    var (ptr, size, tag) = live[i];
                    for (int b = 0; b < size; b++) Assert.Equal(tag, ((byte*)ptr)[b]);   // nobody overwrote it
                    Assert.True(_heap.Free((void*)ptr));
                    live.RemoveAt(i);
                }
                else
                {
                    int size = random.Next(1, 2000);
                    byte* p = (byte*)_heap.Allocate((ulong)size);
                    if (p == null) continue;
                    byte tag = (byte)random.Next(1, 255);
                    new Span<byte>(p, size).Fill(tag);
                    live.Add(((IntPtr)p, size, tag));
                }
            }
            Assert.True(_heap.Verify(out _));
            foreach (var (ptr, _, _) in live) Assert.True(_heap.Free((void*)ptr));
            Assert.Equal(0UL, _heap.BytesInUse);
        }

        [Fact]
        public void A_region_too_small_for_one_block_hands_out_nothing()
        {
            var tiny = new KernelHeap();
            tiny.Initialize(_memory + 3, 20);
            Assert.True(tiny.Allocate(1) == null);
            Assert.Equal(0UL, tiny.Capacity);
        }
    }
}
