using System;

namespace Veridian.Kernel.Boot
{
    /// <summary>A range of physical memory from the boot loader's memory map.</summary>
    public struct MemoryRegion
    {
        public ulong Base;
        public ulong Length;
        public uint Type;               // 1 = usable RAM, as multiboot2 defines it
        public bool IsUsable => Type == Multiboot2.MemoryUsable;
        public ulong End => Base + Length;
    }

    /// <summary>A file GRUB loaded next to the kernel (module2 in grub.cfg).</summary>
    public struct BootModule
    {
        public ulong Start;
        public ulong End;
        public int NameOffset;          // into the boot information, for the name string
        public int NameLength;
    }

    /// <summary>The screen the boot loader left us: EGA text (type 2) or linear RGB (type 1).</summary>
    public struct FramebufferInfo
    {
        public ulong Address;
        public uint Pitch;
        public uint Width;
        public uint Height;
        public byte BitsPerPixel;
        public byte Type;               // 0 indexed, 1 RGB, 2 EGA text
        public byte RedShift, GreenShift, BlueShift;   // RGB only: bit positions of each channel
        public bool Present => Address != 0;
    }

    /// <summary>
    /// Reads the multiboot2 boot information structure. Works on a span so the host tests can
    /// feed it hand-built and corrupt structures; every length is checked against the span.
    /// </summary>
    public static class Multiboot2
    {
        public const uint BootloaderMagic = 0x36D76289;
        public const uint MemoryUsable = 1;

        private const uint TagEnd = 0;
        private const uint TagCommandLine = 1;
        private const uint TagBootloaderName = 2;
        private const uint TagModule = 3;
        private const uint TagMemoryMap = 6;
        private const uint TagFramebuffer = 8;
        private const uint TagAcpiOld = 14;
        private const uint TagAcpiNew = 15;

        /// <summary>Parses the structure; returns null if it is malformed.</summary>
        public static BootInfo Parse(ReadOnlySpan<byte> info)
        {
            // First pass: validate and count, so each array is allocated once at its size.
            int regions = 0, modules = 0;
            var tags = new TagReader(info);
            while (tags.Next())
            {
                if (tags.Type == TagModule) modules++;
                if (tags.Type == TagMemoryMap) regions += MemoryMapEntries(tags.Tag);
            }
            if (!tags.Valid) return null;

            var boot = new BootInfo(info.Slice(0, (int)ReadU32(info, 0)), regions, modules);
            int region = 0, module = 0;
            tags = new TagReader(info);
            while (tags.Next())
            {
                ReadOnlySpan<byte> tag = tags.Tag;
                switch (tags.Type)
                {
                    case TagCommandLine:
                        SetString(tag, 8, out boot.CommandLineOffset, out boot.CommandLineLength, tags.Offset);
                        break;
                    case TagBootloaderName:
                        SetString(tag, 8, out boot.BootloaderNameOffset, out boot.BootloaderNameLength, tags.Offset);
                        break;
                    case TagModule:
                        ref BootModule m = ref boot.Modules[module++];
                        m.Start = ReadU32(tag, 8);
                        m.End = ReadU32(tag, 12);
                        SetString(tag, 16, out m.NameOffset, out m.NameLength, tags.Offset);
                        break;
                    case TagMemoryMap:
                        uint entrySize = ReadU32(tag, 8);
                        for (int e = 16; e + entrySize <= tag.Length; e += (int)entrySize)
                        {
                            ref MemoryRegion r = ref boot.MemoryMap[region++];
                            r.Base = ReadU64(tag, e);
                            r.Length = ReadU64(tag, e + 8);
                            r.Type = ReadU32(tag, e + 16);
                        }
                        break;
                    case TagAcpiOld:
                    case TagAcpiNew:
                        // The RSDP itself, copied by the loader (prefer the ACPI 2.0 one with the XSDT).
                        if (tag.Length > 8 && (boot.AcpiRsdp == null || tags.Type == TagAcpiNew))
                            boot.AcpiRsdp = tag.Slice(8).ToArray();
                        break;
                    case TagFramebuffer:
                        boot.Framebuffer.Address = ReadU64(tag, 8);
                        boot.Framebuffer.Pitch = ReadU32(tag, 16);
                        boot.Framebuffer.Width = ReadU32(tag, 20);
                        boot.Framebuffer.Height = ReadU32(tag, 24);
                        boot.Framebuffer.BitsPerPixel = tag[28];
                        boot.Framebuffer.Type = tag[29];
                        if (tag[29] == 1 && tag.Length >= 38)
                        {
                            boot.Framebuffer.RedShift = tag[32];
                            boot.Framebuffer.GreenShift = tag[34];
                            boot.Framebuffer.BlueShift = tag[36];
                        }
                        break;
                }
            }
            return boot;
        }

        /// <summary>
        /// Walks the tags of a boot information structure, checking every size against the span:
        /// Next() is false at the end tag or at the first malformed tag (then Valid is false).
        /// Allocates nothing, so it also serves before the heap exists.
        /// </summary>
        public ref struct TagReader
        {
            private readonly ReadOnlySpan<byte> _info;
            private int _next;
            public uint Type;
            public int Offset;
            public ReadOnlySpan<byte> Tag;
            public bool Valid;

            public TagReader(ReadOnlySpan<byte> info)
            {
                _info = info;
                _next = 8;
                Type = 0;
                Offset = 0;
                Tag = default;
                Valid = false;
                if (info.Length < 8) { _next = -1; return; }
                uint totalSize = ReadU32(info, 0);
                if (totalSize < 8 || totalSize > (uint)info.Length) { _next = -1; return; }
                _info = info.Slice(0, (int)totalSize);
            }

            public bool Next()
            {
                if (_next < 0 || _next + 8 > _info.Length) { _next = -1; return false; }
                uint type = ReadU32(_info, _next);
                uint size = ReadU32(_info, _next + 4);
                if (size < 8 || size > (uint)(_info.Length - _next) || !MinimumSizeMet(type, size)) { _next = -1; return false; }
                if (type == TagEnd) { Valid = true; _next = -1; return false; }
                Type = type;
                Offset = _next;
                Tag = _info.Slice(_next, (int)size);
                _next += (int)((size + 7) & ~7u);
                return true;
            }

            private static bool MinimumSizeMet(uint type, uint size)
            {
                switch (type)
                {
                    case TagModule: return size >= 16;
                    case TagMemoryMap: return size >= 16;
                    case TagFramebuffer: return size >= 31;
                    default: return true;
                }
            }
        }

        // Entries in a memory-map tag; 0 for an entry size too small to hold one.
        private static int MemoryMapEntries(ReadOnlySpan<byte> tag)
        {
            uint entrySize = ReadU32(tag, 8);
            return entrySize < 24 ? 0 : (int)((uint)(tag.Length - 16) / entrySize);
        }

        // A NUL-terminated string inside a tag, recorded as an offset into the whole structure.
        private static void SetString(ReadOnlySpan<byte> tag, int start, out int offset, out int length, int tagOffset)
        {
            int end = start;
            while (end < tag.Length && tag[end] != 0) end++;
            offset = tagOffset + start;
            length = end - start;
        }

        public static uint ReadU32(ReadOnlySpan<byte> s, int at)
            => (uint)(s[at] | s[at + 1] << 8 | s[at + 2] << 16 | s[at + 3] << 24);

        public static ulong ReadU64(ReadOnlySpan<byte> s, int at)
            => ReadU32(s, at) | (ulong)ReadU32(s, at + 4) << 32;

        /// <summary>
        /// Before the heap exists: the best place for it. Picks the largest stretch of usable
        /// RAM below <paramref name="limit"/> that starts above every address in
        /// <paramref name="reservedEnd"/> (kernel image, boot information, modules). Allocates nothing.
        /// </summary>
        public static bool FindFreeRegion(ReadOnlySpan<byte> info, ulong reservedEnd, ulong limit, out ulong start, out ulong length)
        {
            start = 0;
            length = 0;
            var tags = new TagReader(info);
            while (tags.Next())
            {
                if (tags.Type != TagMemoryMap) continue;
                ReadOnlySpan<byte> tag = tags.Tag;
                uint entrySize = ReadU32(tag, 8);
                for (int e = 0, n = MemoryMapEntries(tag); e < n; e++)
                {
                    int at = 16 + e * (int)entrySize;
                    if (ReadU32(tag, at + 16) != MemoryUsable) continue;
                    ulong b = ReadU64(tag, at), end = b + ReadU64(tag, at + 8);
                    if (b < reservedEnd) b = reservedEnd;
                    if (end > limit) end = limit;
                    b = (b + 0xFFF) & ~0xFFFUL;
                    if (end > b && end - b > length)
                    {
                        start = b;
                        length = end - b;
                    }
                }
            }
            return length != 0;
        }

        /// <summary>The highest address used by the boot information itself and by its modules.</summary>
        public static ulong ReservedEnd(ReadOnlySpan<byte> info, ulong infoAddress)
        {
            ulong end = infoAddress + (info.Length >= 4 ? ReadU32(info, 0) : 0);
            var tags = new TagReader(info);
            while (tags.Next())
                if (tags.Type == TagModule && ReadU32(tags.Tag, 12) > end) end = ReadU32(tags.Tag, 12);
            return end;
        }
    }
}
