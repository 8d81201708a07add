using System;
using System.Collections.Generic;

namespace Veridian.Tests.Sim
{
    /// <summary>Builds small ELF64 images for tests, correct by default, each field overridable to break it.</summary>
    public sealed class ElfBuilder
    {
        public sealed class Segment
        {
            public uint Type = 1;
            public uint Flags = 5; // R + X
            public ulong Offset;
            public ulong VirtualAddress;
            public byte[] Data = Array.Empty<byte>();
            public ulong MemorySize;
            public ulong Align = 0x1000;
            public ulong? FileSizeOverride;
        }

        public byte[] Ident = { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 };
        public ushort Type = 2;
        public ushort Machine = 62;
        public uint Version = 1;
        public ulong Entry = 0x40_0000;
        public ushort EhSize = 64;
        public ushort PhEntSize = 56;
        public ushort? PhNumOverride;
        public ulong? PhOffOverride;
        public readonly List<Segment> Segments = new();

        public static ElfBuilder Minimal(int codeBytes = 64)
        {
            var b = new ElfBuilder();
            var code = new byte[codeBytes];
            for (int i = 0; i < code.Length; i++)
                code[i] = (byte)(0x90 + i);
            b.Segments.Add(new Segment { VirtualAddress = 0x40_0000, Data = code, MemorySize = (ulong)codeBytes, Offset = 0x1000 });
            return b;
        }

        /// <summary>Minimal plus a writable data segment with a .bss tail.</summary>
        public static ElfBuilder WithData()
        {
            var b = Minimal();
            b.Segments.Add(new Segment
            {
                Flags = 6, VirtualAddress = 0x60_0000, Data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 },
                MemorySize = 0x3000, Offset = 0x2000,
            });
            return b;
        }

        public byte[] Build()
        {
            ulong end = 0x1000;
            foreach (var s in Segments)
                end = Math.Max(end, s.Offset + (ulong)s.Data.Length);
            var image = new byte[end];
            Array.Copy(Ident, image, Math.Min(Ident.Length, 16));
            W16(image, 16, Type);
            W16(image, 18, Machine);
            W32(image, 20, Version);
            W64(image, 24, Entry);
            W64(image, 32, PhOffOverride ?? 64);
            W16(image, 52, EhSize);
            W16(image, 54, PhEntSize);
            W16(image, 56, PhNumOverride ?? (ushort)Segments.Count);
            for (int i = 0; i < Segments.Count; i++)
            {
                var s = Segments[i];
                int at = 64 + i * 56;
                W32(image, at, s.Type);
                W32(image, at + 4, s.Flags);
                W64(image, at + 8, s.Offset);
                W64(image, at + 16, s.VirtualAddress);
                W64(image, at + 24, s.VirtualAddress);
                W64(image, at + 32, s.FileSizeOverride ?? (ulong)s.Data.Length);
                W64(image, at + 40, s.MemorySize);
                W64(image, at + 48, s.Align);
                if ((ulong)s.Data.Length > 0 && s.Offset + (ulong)s.Data.Length <= (ulong)image.Length)
                    Array.Copy(s.Data, 0, image, (long)s.Offset, s.Data.Length);
            }
            return image;
        }

        private static void W16(byte[] b, int at, ushort v) => BitConverter.TryWriteBytes(b.AsSpan(at), v);
        private static void W32(byte[] b, int at, uint v) => BitConverter.TryWriteBytes(b.AsSpan(at), v);
        private static void W64(byte[] b, int at, ulong v) => BitConverter.TryWriteBytes(b.AsSpan(at), v);
    }
}
