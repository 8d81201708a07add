using System;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// A small, strict ELF64 validator: little-endian, version 1, ET_EXEC, the kernel's
    /// machine, 56-byte program headers inside the first 4 KiB of the image, 1..8 PT_LOAD
    /// segments inside the user range that do not share pages, file bytes inside the image,
    /// and an entry point in an executable segment. Anything else is InvalidParameter
    /// (PT_INTERP, i.e. a dynamically linked program, is NotSupported).
    /// </summary>
    public static class ElfParser
    {
        public const int HeaderSize = 64;
        public const int ProgramHeaderSize = 56;
        public const int MaxSegments = 8;
        public const int MaxProgramHeaders = 32;
        private const uint PtLoad = 1;
        private const uint PtInterp = 3;
        private const ushort EtExec = 2;

        public static SyscallError Parse(ReadOnlySpan<byte> head, ulong imageLength, ushort machine,
            Span<ElfSegment> segments, out int segmentCount, out ulong entry)
        {
            segmentCount = 0;
            entry = 0;
            if (imageLength < HeaderSize || head.Length < HeaderSize)
                return SyscallError.InvalidParameter;
            if (head[0] != 0x7F || head[1] != (byte)'E' || head[2] != (byte)'L' || head[3] != (byte)'F')
                return SyscallError.InvalidParameter;
            if (head[4] != 2 || head[5] != 1 || head[6] != 1)
                return SyscallError.InvalidParameter;
            if (U16(head, 16) != EtExec || U16(head, 18) != machine || U32(head, 20) != 1)
                return SyscallError.InvalidParameter;
            entry = U64(head, 24);
            ulong phoff = U64(head, 32);
            if (U16(head, 52) < HeaderSize || U16(head, 54) != ProgramHeaderSize)
                return SyscallError.InvalidParameter;
            int phnum = U16(head, 56);
            if (phnum == 0 || phnum > MaxProgramHeaders)
                return SyscallError.InvalidParameter;
            ulong tableEnd = (ulong)phnum * ProgramHeaderSize;
            if (phoff > (ulong)head.Length || tableEnd > (ulong)head.Length - phoff || phoff + tableEnd > imageLength)
                return SyscallError.InvalidParameter;

            for (int i = 0; i < phnum; i++)
            {
                ReadOnlySpan<byte> ph = head.Slice((int)phoff + i * ProgramHeaderSize, ProgramHeaderSize);
                uint type = U32(ph, 0);
                if (type == PtInterp)
                    return SyscallError.NotSupported;
                if (type != PtLoad)
                    continue;
                if (segmentCount == MaxSegments || segmentCount == segments.Length)
                    return SyscallError.InvalidParameter;
                uint flags = U32(ph, 4);
                ElfSegment s;
                s.FileOffset = U64(ph, 8);
                s.VirtualAddress = U64(ph, 16);
                s.FileSize = U64(ph, 32);
                s.MemorySize = U64(ph, 40);
                ulong align = U64(ph, 48);
                if (s.MemorySize == 0 || s.FileSize > s.MemorySize)
                    return SyscallError.InvalidParameter;
                if (s.FileOffset > imageLength || s.FileSize > imageLength - s.FileOffset)
                    return SyscallError.InvalidParameter;
                if (s.VirtualAddress < Abi.UserBase || s.VirtualAddress >= Abi.UserEnd
                    || s.MemorySize > Abi.UserEnd - s.VirtualAddress)
                    return SyscallError.InvalidParameter;
                if (align > 1 && ((align & (align - 1)) != 0 || s.VirtualAddress % align != s.FileOffset % align))
                    return SyscallError.InvalidParameter;
                s.Protection = ProtectionFlags.None;
                if ((flags & 4) != 0)
                    s.Protection |= ProtectionFlags.Read;
                if ((flags & 2) != 0)
                    s.Protection |= ProtectionFlags.Write;
                if ((flags & 1) != 0)
                    s.Protection |= ProtectionFlags.Exec;
                if ((flags & 3) == 3)
                    return SyscallError.PermissionDenied;   // W^X: a writable and executable segment is refused
                for (int j = 0; j < segmentCount; j++)
                {
                    if (PageStart(s) < PageEnd(segments[j]) && PageStart(segments[j]) < PageEnd(s))
                        return SyscallError.InvalidParameter;
                }
                segments[segmentCount++] = s;
            }
            if (segmentCount == 0)
                return SyscallError.InvalidParameter;
            for (int j = 0; j < segmentCount; j++)
            {
                ElfSegment s = segments[j];
                if ((s.Protection & ProtectionFlags.Exec) != 0 && entry >= s.VirtualAddress
                    && entry - s.VirtualAddress < s.MemorySize)
                    return SyscallError.Success;
            }
            return SyscallError.InvalidParameter;
        }

        public static ulong PageStart(ElfSegment s)
        {
            return s.VirtualAddress & ~(Abi.PageSize - 1);
        }

        public static ulong PageEnd(ElfSegment s)
        {
            return (s.VirtualAddress + s.MemorySize + Abi.PageSize - 1) & ~(Abi.PageSize - 1);
        }

        private static ushort U16(ReadOnlySpan<byte> b, int at)
        {
            return (ushort)(b[at] | (b[at + 1] << 8));
        }

        private static uint U32(ReadOnlySpan<byte> b, int at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        private static ulong U64(ReadOnlySpan<byte> b, int at)
        {
            return U32(b, at) | ((ulong)U32(b, at + 4) << 32);
        }
    }
}
