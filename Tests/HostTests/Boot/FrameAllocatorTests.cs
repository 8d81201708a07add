using System;
using System.Collections.Generic;
using Veridian.Kernel.Memory;
using Xunit;

namespace Veridian.Tests.Boot
{
    public sealed class FrameAllocatorTests
    {
        [Fact]
        public void Hands_out_every_frame_once_then_reports_exhaustion()
        {
            var frames = new BitmapFrameAllocator(0x1000_0123, 130 * 4096 + 100);
            Assert.Equal(0x1000_1000UL, frames.Base);                 // rounded up to a frame
            Assert.Equal(129, frames.Total);                          // the partial frame is not used
            var seen = new HashSet<ulong>();
            while (frames.TryAllocate(out ulong pa))
            {
                Assert.Equal(0UL, pa % 4096);
                Assert.True(frames.Contains(pa));
                Assert.True(seen.Add(pa));
            }
            Assert.Equal(129, seen.Count);
            Assert.Equal(0, frames.FreeCount);
            Assert.False(frames.TryAllocate(out _));
        }

        [Fact]
        public void Freed_frames_come_back_and_are_counted()
        {
            var frames = new BitmapFrameAllocator(0x200000, 64 * 4096);
            Assert.True(frames.TryAllocate(out ulong a));
            Assert.True(frames.TryAllocate(out ulong b));
            Assert.Equal(62, frames.FreeCount);
            frames.Free(a);
            Assert.Equal(63, frames.FreeCount);
            var again = new HashSet<ulong>();
            while (frames.TryAllocate(out ulong pa)) again.Add(pa);
            Assert.Contains(a, again);
            Assert.DoesNotContain(b, again);
        }

        [Fact]
        public void Double_free_and_foreign_frames_are_kernel_bugs()
        {
            var frames = new BitmapFrameAllocator(0x200000, 8 * 4096);
            Assert.True(frames.TryAllocate(out ulong a));
            frames.Free(a);
            Assert.Throws<InvalidOperationException>(() => frames.Free(a));
            Assert.Throws<InvalidOperationException>(() => frames.Free(0x100000));
            Assert.Throws<InvalidOperationException>(() => frames.Free(a + 8));
        }

        [Fact]
        public void An_empty_range_has_no_frames()
        {
            var frames = new BitmapFrameAllocator(0x1001, 100);
            Assert.Equal(0, frames.Total);
            Assert.False(frames.TryAllocate(out _));
        }

        [Fact]
        public void A_memory_map_with_holes_hands_out_only_released_frames_outside_reservations()
        {
            var frames = BitmapFrameAllocator.AllAllocated(0x10_0000, 64 * 4096);
            Assert.Equal(0, frames.FreeCount);
            Assert.False(frames.TryAllocate(out _));
            frames.ReleaseRange(0x10_0800, 0x10_0000 + 10 * 4096 + 5);     // partial frames at either end stay used
            Assert.Equal(9, frames.FreeCount);
            frames.ReleaseRange(0x10_0000 + 40 * 4096, 0x90_0000);           // clipped to the allocator's end
            Assert.Equal(9 + 24, frames.FreeCount);
            frames.ReserveRange(0x10_0000 + 41 * 4096 + 1, 0x10_0000 + 42 * 4096 + 1);  // touches frames 41 and 42
            Assert.Equal(9 + 22, frames.FreeCount);
            var seen = new HashSet<ulong>();
            while (frames.TryAllocate(out ulong pa)) seen.Add(pa);
            Assert.Equal(31, seen.Count);
            Assert.DoesNotContain(0x10_0000UL, seen);
            Assert.DoesNotContain(0x10_0000UL + 41 * 4096, seen);
            Assert.DoesNotContain(0x10_0000UL + 42 * 4096, seen);
            Assert.Contains(0x10_0000UL + 1 * 4096, seen);
            Assert.Contains(0x10_0000UL + 63 * 4096, seen);
        }
    }
}
