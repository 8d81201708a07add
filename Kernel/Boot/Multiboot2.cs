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

        /// <summary>Parses the structure; returns null if it is malformed.</summary>
        public static BootInfo Parse(ReadOnlySpan<byte> info)
        {
            if (info.Length < 8) return null;
            uint totalSize = ReadU32(info, 0);
            if (totalSize < 8 || totalSize > (uint)info.Length) return null;
            info = info.Slice(0, (int)totalSize);

            // First pass: validate and count, so each array is allocated once at its size.
            int regions = 0, modules = 0;
            if (!Walk(info, ref regions, ref modules, null)) return null;
            var boot = new BootInfo(info, regions, modules);
            Walk(info, ref regions, ref modules, boot);
            return boot;
        }

        private static bool Walk(ReadOnlySpan<byte> info, ref int regions, ref int modules, BootInfo fill)
        {
            int region = 0, module = 0;
            int offset = 8;
            while (true)
            {
                if (offset + 8 > info.Length) return false;
                uint type = ReadU32(info, offset);
                uint size = ReadU32(info, offset + 4);
                if (size < 8 || size > (uint)(info.Length - offset)) return false;
                if (type == TagEnd) break;
                var tag = info.Slice(offset, (int)size);
                switch (type)
                {
                    case TagCommandLine:
                        if (fill != null) SetString(tag, 8, out fill.CommandLineOffset, out fill.CommandLineLength, offset);
                        break;
                    case TagBootloaderName:
                        if (fill != null) SetString(tag, 8, out fill.BootloaderNameOffset, out fill.BootloaderNameLength, offset);
                        break;
                    case TagModule:
                        if (size < 16) return false;
                        if (fill != null)
                        {
                            ref BootModule m = ref fill.Modules[module];
                            m.Start = ReadU32(tag, 8);
                            m.End = ReadU32(tag, 12);
                            SetString(tag, 16, out m.NameOffset, out m.NameLength, offset);
                        }
                        module++;
                        break;
                    case TagMemoryMap:
                    {
                        if (size < 16) return false;
                        uint entrySize = ReadU32(tag, 8);
                        if (entrySize < 24) return false;
                        for (uint e = 16; e + entrySize <= size; e += entrySize)
                        {
                            if (fill != null)
                            {
                                ref MemoryRegion r = ref fill.MemoryMap[region];
                                r.Base = ReadU64(tag, (int)e);
                                r.Length = ReadU64(tag, (int)e + 8);
                                r.Type = ReadU32(tag, (int)e + 16);
                            }
                            region++;
                        }
                        break;
                    }
                    case TagFramebuffer:
                        if (size < 31) return false;
                        if (fill != null)
                        {
                            fill.Framebuffer.Address = ReadU64(tag, 8);
                            fill.Framebuffer.Pitch = ReadU32(tag, 16);
                            fill.Framebuffer.Width = ReadU32(tag, 20);
                            fill.Framebuffer.Height = ReadU32(tag, 24);
                            fill.Framebuffer.BitsPerPixel = tag[28];
                            fill.Framebuffer.Type = tag[29];
                            if (tag[29] == 1 && size >= 38)
                            {
                                fill.Framebuffer.RedShift = tag[32];
                                fill.Framebuffer.GreenShift = tag[34];
                                fill.Framebuffer.BlueShift = tag[36];
                            }
                        }
                        break;
                }
                offset += (int)((size + 7) & ~7u);
            }
            regions = region;
            modules = module;
            return true;
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
            if (info.Length < 8) return false;
            uint totalSize = ReadU32(info, 0);
            if (totalSize < 8 || totalSize > (uint)info.Length) return false;
            int offset = 8;
            while (offset + 8 <= (int)totalSize)
            {
                uint type = ReadU32(info, offset);
                uint size = ReadU32(info, offset + 4);
                if (type == TagEnd || size < 8 || size > totalSize - (uint)offset) break;
                if (type == TagMemoryMap && size >= 16)
                {
                    uint entrySize = ReadU32(info, offset + 8);
                    if (entrySize < 24) return false;
                    for (uint e = 16; e + entrySize <= size; e += entrySize)
                    {
                        int at = offset + (int)e;
                        if (ReadU32(info, at + 16) != MemoryUsable) continue;
                        ulong b = ReadU64(info, at), end = b + ReadU64(info, at + 8);
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
                offset += (int)((size + 7) & ~7u);
            }
            return length != 0;
        }

        /// <summary>The highest address used by the boot information itself and by its modules.</summary>
        public static ulong ReservedEnd(ReadOnlySpan<byte> info, ulong infoAddress)
        {
            ulong end = infoAddress + ReadU32(info, 0);
            uint totalSize = ReadU32(info, 0);
            int offset = 8;
            while (offset + 8 <= (int)totalSize)
            {
                uint type = ReadU32(info, offset);
                uint size = ReadU32(info, offset + 4);
                if (type == TagEnd || size < 8 || size > totalSize - (uint)offset) break;
                if (type == TagModule && size >= 16)
                {
                    ulong modEnd = ReadU32(info, offset + 12);
                    if (modEnd > end) end = modEnd;
                }
                offset += (int)((size + 7) & ~7u);
            }
            return end;
        }
    }
}
