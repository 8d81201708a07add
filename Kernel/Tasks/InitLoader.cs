using System;
using Veridian.Kernel.Boot;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Makes the first user process, <c>init</c>, from its ELF image, the way SYS_PROCESS_CREATE
    /// would if it had a parent. init gets every program image as a read-only memory object
    /// and learns about them from its StartInfo (docs/userspace.md has the layout):
    /// args = ["init", kernel command line, "name:size" per image];
    /// capabilities = [console, kernel log, root resource, system information, power, one Memory
    /// capability per image].
    /// <para>
    /// An image is a boot module, or an entry of a boot module that is a **boot archive**
    /// (docs/boot.md "Boot archive": many programs and files in one module, because GRUB's cost
    /// is per module). The archive is only unpacked into the same per-image memory objects, so
    /// init and everything after it cannot tell; entries that share their bytes (aliases of one
    /// program) share one memory object.
    /// </para>
    /// </summary>
    public static unsafe class InitLoader
    {
        /// <summary>Capabilities init starts with: the five kernel objects and up to 59 images.</summary>
        public const int MaxCapabilities = 64;
        /// <summary>Where the images start in init's capability array.</summary>
        public const int FirstImage = 5;
        private const uint ImageRights = Rights.ReadBit | Rights.GrantBit | Rights.DeriveBit;

        /// <summary>"VRDNARC1": the first 8 bytes of a boot archive.</summary>
        public static ReadOnlySpan<byte> ArchiveMagic => "VRDNARC1"u8;
        public const int ArchiveHeaderSize = 16;    // magic, u32 entry count, u32 reserved
        public const int ArchiveEntrySize = 80;     // name (64 bytes, NUL-padded), u64 offset, u64 size
        public const int ArchiveNameSize = 64;

        /// <summary>One image for init: a range of a boot module, and where its name is.</summary>
        public struct Image
        {
            public int Module;
            public int Offset, Length;
            public int NameOffset, NameLength;   // in the module's bytes; NameLength -1: the module's own name
            public int SameAs;                   // an earlier image with the same bytes, or -1
        }

        private static ReadOnlySpan<byte> Bytes(BootInfo boot, in Image im) => ModuleBytes(boot, im.Module).Slice(im.Offset, im.Length);

        private static ReadOnlySpan<byte> Name(BootInfo boot, in Image im) =>
            im.NameLength < 0 ? boot.ModuleName(im.Module) : ModuleBytes(boot, im.Module).Slice(im.NameOffset, im.NameLength);

        public static bool IsArchive(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length < ArchiveHeaderSize) return false;
            ReadOnlySpan<byte> magic = ArchiveMagic;
            for (int i = 0; i < magic.Length; i++)
                if (bytes[i] != magic[i]) return false;
            return true;
        }

        private static ulong U64(ReadOnlySpan<byte> b, int at)
        {
            ulong v = 0;
            for (int i = 7; i >= 0; i--) v = v << 8 | b[at + i];
            return v;
        }

        /// <summary>
        /// The images of <paramref name="modules"/>: a module as a whole, or each entry of a boot
        /// archive. Entries that do not fit in their module are skipped. Returns the count (at most
        /// <c>into.Length</c>).
        /// </summary>
        public static int ListImages(BootInfo boot, ReadOnlySpan<int> modules, Span<Image> into)
        {
            int n = 0;
            for (int m = 0; m < modules.Length && n < into.Length; m++)
            {
                ReadOnlySpan<byte> bytes = ModuleBytes(boot, modules[m]);
                if (!IsArchive(bytes))
                {
                    into[n++] = new Image { Module = modules[m], Offset = 0, Length = bytes.Length, NameLength = -1, SameAs = -1 };
                    continue;
                }
                ulong entries = U64(bytes, 8) & 0xFFFF_FFFF;
                for (ulong e = 0; e < entries && n < into.Length; e++)
                {
                    ulong at = ArchiveHeaderSize + e * ArchiveEntrySize;
                    if (at + ArchiveEntrySize > (ulong)bytes.Length) break;
                    int entry = (int)at;
                    int nameLength = 0;
                    while (nameLength < ArchiveNameSize && bytes[entry + nameLength] != 0) nameLength++;
                    ulong offset = U64(bytes, entry + ArchiveNameSize);
                    ulong size = U64(bytes, entry + ArchiveNameSize + 8);
                    if (nameLength == 0 || offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset) continue;
                    var im = new Image
                    {
                        Module = modules[m], Offset = (int)offset, Length = (int)size,
                        NameOffset = entry, NameLength = nameLength, SameAs = -1,
                    };
                    for (int j = 0; j < n && im.SameAs < 0; j++)
                        if (into[j].Module == im.Module && into[j].Offset == im.Offset && into[j].Length == im.Length) im.SameAs = j;
                    into[n++] = im;
                }
            }
            return n;
        }

        /// <summary>The bytes of boot module <paramref name="index"/> (the plugs made its addresses kernel-virtual).</summary>
        public static ReadOnlySpan<byte> ModuleBytes(BootInfo boot, int index)
        {
            ref BootModule m = ref boot.Modules[index];
            return new ReadOnlySpan<byte>((void*)m.Start, (int)(m.End - m.Start));
        }

        /// <param name="images">What init gets as program images (<see cref="ListImages"/>).</param>
        public static SyscallError Create(KernelServices k, BootInfo boot, int initModule, ReadOnlySpan<Image> images, out Process init)
        {
            ReadOnlySpan<byte> initElf = ModuleBytes(boot, initModule);
            init = k.Tasks.CreateInitialProcess(out Thread main);
            if (init == null)
                return SyscallError.ResourceExhausted;
            init.SetName("init"u8);
            var elf = ImageBuilder.ElfSource.InKernel(initElf);
            Span<ElfSegment> segments = stackalloc ElfSegment[ElfParser.MaxSegments];
            SyscallError e = ImageBuilder.Parse(k, elf, segments, out int segmentCount, out ulong entry);
            if (e == SyscallError.Success)
                e = ImageBuilder.Load(k, elf, segments.Slice(0, segmentCount), entry, init, main);
            if (e != SyscallError.Success)
                return e;

            // Capability order: console, log, root, system information, power (slots 1, 2, 0, 3, 4
            // of CreateInitialProcess), then the images.
            int count = FirstImage + images.Length;
            if (count > MaxCapabilities)
                return SyscallError.ResourceExhausted;
            Span<Capability> caps = stackalloc Capability[MaxCapabilities];
            caps = caps.Slice(0, count);
            caps[0] = init.Capabilities.TokenOf(1);
            caps[1] = init.Capabilities.TokenOf(2);
            caps[2] = init.Capabilities.TokenOf(0);
            caps[3] = init.Capabilities.TokenOf(3);
            caps[4] = init.Capabilities.TokenOf(4);
            for (int i = 0; i < images.Length; i++)
            {
                if (images[i].SameAs >= 0)
                {
                    // The same bytes under another name: another capability to the same object.
                    CapabilitySpace space = init.Capabilities;
                    int alias = -1;
                    e = space.Lookup(caps[FirstImage + images[i].SameAs], out int first);
                    if (e == SyscallError.Success)
                        e = k.Capabilities.Insert(init.CapabilitySpaceIndex, space.ObjectAt(first), new Rights(ImageRights), -1, out alias);
                    if (e != SyscallError.Success)
                        return e;
                    caps[FirstImage + i] = init.Capabilities.TokenOf(alias);
                    continue;
                }
                ReadOnlySpan<byte> bytes = Bytes(boot, images[i]);
                e = k.AllocateMemoryObject(((ulong)bytes.Length + Abi.PageSize - 1) / Abi.PageSize, out MemoryObject obj);
                if (e != SyscallError.Success)
                    return e;
                for (int page = 0; page * (int)Abi.PageSize < bytes.Length; page++)
                {
                    ReadOnlySpan<byte> chunk = bytes.Slice(page * (int)Abi.PageSize);
                    if (chunk.Length > (int)Abi.PageSize) chunk = chunk.Slice(0, (int)Abi.PageSize);
                    chunk.CopyTo(k.Platform.FrameBytes(obj.Frames[page]));
                }
                e = k.Capabilities.Insert(init.CapabilitySpaceIndex, obj, new Rights(ImageRights), -1, out int slot);
                if (e != SyscallError.Success)
                    return e;
                caps[FirstImage + i] = init.Capabilities.TokenOf(slot);
            }
            return WriteStartInfo(init, main, boot, images, caps);
        }

        // Top down from the stack top: the strings, the UserString array, the capability array, StartInfo.
        private static SyscallError WriteStartInfo(Process p, Thread main, BootInfo boot, ReadOnlySpan<Image> images,
            ReadOnlySpan<Capability> caps)
        {
            ReadOnlySpan<byte> commandLine = boot.CommandLine;
            int argCount = 2 + images.Length;
            ulong stringBytes = 5 + (ulong)commandLine.Length;
            for (int i = 0; i < images.Length; i++)
                stringBytes += (ulong)(Name(boot, images[i]).Length + 1 + 20);
            if (stringBytes > Abi.MaxArgBytes * 4)
                return SyscallError.InvalidParameter;

            var layout = new ImageBuilder.StartLayout(stringBytes, (ulong)argCount, (ulong)caps.Length);
            ulong cursor = layout.Strings;
            AddressSpace to = p.Memory;

            SyscallError e = PutString(to, ref cursor, layout.ArgAddress(0), "init"u8, default);
            if (e == SyscallError.Success)
                e = PutString(to, ref cursor, layout.ArgAddress(1), commandLine, default);
            Span<byte> number = stackalloc byte[21];
            for (int i = 0; i < images.Length && e == SyscallError.Success; i++)
            {
                int digits = FormatSize(number, (ulong)images[i].Length);
                e = PutString(to, ref cursor, layout.ArgAddress((ulong)(2 + i)), Name(boot, images[i]), number.Slice(0, digits));
            }
            for (int i = 0; i < caps.Length && e == SyscallError.Success; i++)
                e = ImageBuilder.Put(to, layout.CapabilityAddress((ulong)i), caps[i]);
            if (e != SyscallError.Success)
                return e;
            return ImageBuilder.Start(p, main, layout);
        }

        // Writes name, or "name:suffix" when a suffix is given, and its UserString.
        private static SyscallError PutString(AddressSpace to, ref ulong cursor, ulong slot, ReadOnlySpan<byte> text, ReadOnlySpan<byte> suffix)
        {
            ulong start = cursor;
            SyscallError e = UserMemory.CopyOut(to, cursor, text, true);
            cursor += (ulong)text.Length;
            if (e == SyscallError.Success && suffix.Length > 0)
            {
                e = UserMemory.CopyOut(to, cursor, ":"u8, true);
                if (e == SyscallError.Success)
                    e = UserMemory.CopyOut(to, cursor + 1, suffix, true);
                cursor += 1 + (ulong)suffix.Length;
            }
            if (e != SyscallError.Success)
                return e;
            return ImageBuilder.Put(to, slot, new UserString(start, cursor - start));
        }

        private static int FormatSize(Span<byte> into, ulong value)
        {
            int n = 0;
            do { into[n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            for (int i = 0; i < n / 2; i++) { byte t = into[i]; into[i] = into[n - 1 - i]; into[n - 1 - i] = t; }
            return n;
        }
    }
}
