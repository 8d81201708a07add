using System;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    public class ElfParserTests
    {
        private static SyscallError Parse(ElfBuilder b, out int count, out ulong entry, int length = -1)
        {
            byte[] image = b.Build();
            if (length >= 0)
                image = image[..length];
            var segments = new ElfSegment[ElfParser.MaxSegments];
            int headLength = Math.Min(image.Length, 4096);
            return ElfParser.Parse(image.AsSpan(0, headLength), (ulong)image.Length, 62, segments, out count, out entry);
        }

        private static SyscallError Parse(ElfBuilder b) => Parse(b, out _, out _);

        private static ElfBuilder With(Action<ElfBuilder> change)
        {
            var b = ElfBuilder.WithData();
            change(b);
            return b;
        }

        [Fact]
        public void A_good_image_parses()
        {
            Assert.Equal(SyscallError.Success, Parse(ElfBuilder.WithData(), out int count, out ulong entry));
            Assert.Equal(2, count);
            Assert.Equal(0x40_0000UL, entry);
        }

        [Fact]
        public void Non_load_segments_are_ignored()
        {
            var b = ElfBuilder.Minimal();
            b.Segments.Add(new ElfBuilder.Segment { Type = 4, VirtualAddress = 0, MemorySize = 0 }); // PT_NOTE
            Assert.Equal(SyscallError.Success, Parse(b));
        }

        [Fact]
        public void Header_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Ident[1] = (byte)'X')));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Ident[4] = 1)));   // 32-bit
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Ident[5] = 2)));   // big-endian
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Ident[6] = 0)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Type = 3)));       // ET_DYN
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Type = 1)));       // ET_REL
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Machine = 183)));  // AArch64 on x86_64
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Version = 2)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.EhSize = 10)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.PhEntSize = 32)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.PhNumOverride = 0)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.PhNumOverride = 1000)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.PhOffOverride = 4090)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.PhOffOverride = ulong.MaxValue - 10)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(ElfBuilder.Minimal(), out _, out _, 40));
        }

        [Fact]
        public void Segment_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].MemorySize = 4)));          // filesz > memsz
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => { b.Segments[1].MemorySize = 0; b.Segments[1].Data = Array.Empty<byte>(); })));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].FileSizeOverride = 1UL << 40)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].VirtualAddress = 0xFFFF_8000_0000_0000)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].VirtualAddress = 0)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => { b.Segments[1].VirtualAddress = 0x7FFF_FFFF_F000; b.Segments[1].MemorySize = 0x2000; })));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].VirtualAddress = 0x40_0800)));  // shares a page
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].VirtualAddress = 0x60_0010)));  // vaddr % align != offset % align
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Segments[1].Align = 3)));
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Entry = 0x60_0000)));                       // entry not executable
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => b.Entry = 0x90_0000)));
            Assert.Equal(SyscallError.NotSupported, Parse(With(b => b.Segments[1].Type = 3)));                         // PT_INTERP
            Assert.Equal(SyscallError.InvalidParameter, Parse(With(b => { foreach (var s in b.Segments) s.Type = 6; })));
        }

        [Fact]
        public void A_writable_and_executable_segment_is_refused()
        {
            Assert.Equal(SyscallError.PermissionDenied, Parse(With(b => b.Segments[0].Flags = 7)));
        }

        [Fact]
        public void Too_many_load_segments()
        {
            var b = ElfBuilder.Minimal();
            for (int i = 0; i < ElfParser.MaxSegments; i++)
                b.Segments.Add(new ElfBuilder.Segment { Flags = 4, VirtualAddress = 0x100_0000 + (ulong)i * 0x10_0000, MemorySize = 16, Offset = 0x1000 });
            Assert.Equal(SyscallError.InvalidParameter, Parse(b));
        }

        [Fact]
        public void Random_bytes_never_crash_the_parser()
        {
            var rng = new Random(1234);
            var segments = new ElfSegment[ElfParser.MaxSegments];
            byte[] good = ElfBuilder.WithData().Build();
            for (int i = 0; i < 2000; i++)
            {
                byte[] image = (byte[])good.Clone();
                int flips = rng.Next(1, 8);
                for (int f = 0; f < flips; f++)
                    image[rng.Next(0, 64 + 56 * 2)] = (byte)rng.Next(256);
                ElfParser.Parse(image.AsSpan(0, Math.Min(4096, image.Length)), (ulong)image.Length, 62, segments, out _, out _);
            }
        }
    }
}
