using System;
using System.Collections.Generic;
using System.Text;
using Veridian.Kernel.Boot;
using Xunit;

namespace Veridian.Tests.Boot
{
    /// <summary>Builds multiboot2 information structures by hand, valid and corrupt.</summary>
    public sealed class MultibootTests
    {
        private sealed class InfoBuilder
        {
            private readonly List<byte> _bytes = new() { 0, 0, 0, 0, 0, 0, 0, 0 };

            public InfoBuilder Tag(uint type, byte[] payload)
            {
                U32(type);
                U32((uint)(8 + payload.Length));
                _bytes.AddRange(payload);
                while (_bytes.Count % 8 != 0) _bytes.Add(0);
                return this;
            }

            public InfoBuilder String(uint type, string text) => Tag(type, Encoding.ASCII.GetBytes(text + "\0"));

            public InfoBuilder MemoryMap(params (ulong Base, ulong Length, uint Type)[] regions)
            {
                var p = new List<byte>();
                p.AddRange(BitConverter.GetBytes(24u));
                p.AddRange(BitConverter.GetBytes(0u));
                foreach (var r in regions)
                {
                    p.AddRange(BitConverter.GetBytes(r.Base));
                    p.AddRange(BitConverter.GetBytes(r.Length));
                    p.AddRange(BitConverter.GetBytes(r.Type));
                    p.AddRange(BitConverter.GetBytes(0u));
                }
                return Tag(6, p.ToArray());
            }

            public InfoBuilder Module(uint start, uint end, string name)
            {
                var p = new List<byte>();
                p.AddRange(BitConverter.GetBytes(start));
                p.AddRange(BitConverter.GetBytes(end));
                p.AddRange(Encoding.ASCII.GetBytes(name + "\0"));
                return Tag(3, p.ToArray());
            }

            public byte[] Build()
            {
                Tag(0, Array.Empty<byte>());
                var result = _bytes.ToArray();
                BitConverter.GetBytes((uint)result.Length).CopyTo(result, 0);
                return result;
            }

            private void U32(uint v) => _bytes.AddRange(BitConverter.GetBytes(v));
        }

        private static string Ascii(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s);

        [Fact]
        public void Parses_command_line_loader_memory_map_and_modules()
        {
            byte[] info = new InfoBuilder()
                .String(1, "selftest panic=throw")
                .String(2, "GRUB 2.06")
                .MemoryMap((0, 0x9FC00, 1), (0x9FC00, 0x400, 2), (0x100000, 0x7EE0000, 1))
                .Module(0x200000, 0x210000, "kernel.sym")
                .Build();

            BootInfo boot = Multiboot2.Parse(info);

            Assert.NotNull(boot);
            Assert.Equal("selftest panic=throw", Ascii(boot.CommandLine));
            Assert.Equal("GRUB 2.06", Ascii(boot.BootloaderName));
            Assert.Equal(3, boot.MemoryMap.Length);
            Assert.Equal(0x9FC00UL + 0x7EE0000UL, boot.UsableMemoryBytes);
            Assert.False(boot.MemoryMap[1].IsUsable);
            Assert.Single(boot.Modules);
            Assert.Equal(0x200000UL, boot.Modules[0].Start);
            Assert.Equal(0, boot.FindModule("kernel.sym"));
            Assert.Equal(-1, boot.FindModule("initrd"));
        }

        [Fact]
        public void Rejects_truncated_and_corrupt_structures()
        {
            byte[] good = new InfoBuilder().String(1, "x").MemoryMap((0, 0x1000, 1)).Build();

            Assert.Null(Multiboot2.Parse(good.AsSpan(0, 4)));                       // shorter than a header
            Assert.Null(Multiboot2.Parse(good.AsSpan(0, good.Length - 8)));         // total size beyond the span

            byte[] badTag = (byte[])good.Clone();
            BitConverter.GetBytes(0xFFFFu).CopyTo(badTag, 12);                       // first tag's size runs off the end
            Assert.Null(Multiboot2.Parse(badTag));

            byte[] zeroSize = (byte[])good.Clone();
            BitConverter.GetBytes(0u).CopyTo(zeroSize, 12);                          // a zero-sized tag would loop forever
            Assert.Null(Multiboot2.Parse(zeroSize));

            byte[] noEnd = (byte[])good.Clone();
            Array.Resize(ref noEnd, noEnd.Length - 8);                               // end tag missing
            BitConverter.GetBytes((uint)noEnd.Length).CopyTo(noEnd, 0);
            Assert.Null(Multiboot2.Parse(noEnd));
        }

        [Fact]
        public void Finds_the_largest_free_region_above_reserved_memory_and_below_the_limit()
        {
            byte[] info = new InfoBuilder()
                .MemoryMap((0, 0x9FC00, 1), (0x100000, 0x1000000, 1), (0x20000000, 0x40000000, 1))
                .Build();

            Assert.True(Multiboot2.FindFreeRegion(info, 0x180123, 0x30000000, out ulong start, out ulong length));
            Assert.Equal(0x20000000UL, start);                          // clipped by the limit: 256 MiB
            Assert.Equal(0x10000000UL, length);

            Assert.True(Multiboot2.FindFreeRegion(info, 0x180123, 0x2000000, out start, out length));
            Assert.Equal(0x181000UL, start);                            // rounded up past the reservation
            Assert.Equal(0x1100000UL - 0x181000UL, length);

            Assert.False(Multiboot2.FindFreeRegion(info, 0x80000000, 0x90000000, out _, out _));
        }

        [Fact]
        public void Reserved_end_covers_the_information_and_its_modules()
        {
            byte[] info = new InfoBuilder().Module(0x300000, 0x345678, "kernel.sym").Build();
            Assert.Equal(0x345678UL, Multiboot2.ReservedEnd(info, 0x10000));
            byte[] none = new InfoBuilder().Build();
            Assert.Equal(0x10000UL + (ulong)none.Length, Multiboot2.ReservedEnd(none, 0x10000));
        }
    }
}
