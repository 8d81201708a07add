using System;
using Veridian.Kernel.Memory;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// <para>
    /// The one way a process image is built from ELF, for SYS_PROCESS_CREATE (the bytes are in the
    /// parent's memory) and for init (a boot module in kernel memory): <see cref="Parse"/> checks
    /// the ELF and the stack before anything is allocated; <see cref="Load"/> maps and fills the
    /// <c>PT_LOAD</c> segments, maps the stack (<see cref="Abi.InitialStackSize"/> below
    /// <see cref="Abi.InitialStackTop"/>) and sets the main thread's entry; the caller writes its
    /// strings and capabilities where <see cref="StartLayout"/> says, and <see cref="Start"/>
    /// writes the <see cref="StartInfo"/> and points the main thread's stack and first argument at it.
    /// </para>
    /// <para>
    /// A failure part way leaves what was mapped in the process's address space; the caller
    /// discards the process (<c>TaskService.Discard</c>), which frees every frame.
    /// </para>
    /// </summary>
    public static class ImageBuilder
    {
        /// <summary>Where the ELF bytes are: a kernel span (a boot module) or a range of a user address space.</summary>
        public readonly ref struct ElfSource
        {
            private readonly ReadOnlySpan<byte> bytes;
            private readonly AddressSpace from;
            private readonly ulong address;
            public readonly ulong Length;

            private ElfSource(ReadOnlySpan<byte> bytes, AddressSpace from, ulong address, ulong length)
            {
                this.bytes = bytes;
                this.from = from;
                this.address = address;
                Length = length;
            }

            public static ElfSource InKernel(ReadOnlySpan<byte> bytes) => new ElfSource(bytes, null, 0, (ulong)bytes.Length);

            /// <summary>The range must have passed <see cref="UserMemory.CheckRange"/>; its pages are checked as they are read.</summary>
            public static ElfSource InUser(AddressSpace from, ulong address, ulong length) => new ElfSource(default, from, address, length);

            /// <summary>
            /// Up to <paramref name="length"/> bytes at <paramref name="offset"/> (in the image): a
            /// slice of the kernel bytes, or at most <c>scratch.Length</c> of them copied into
            /// <paramref name="scratch"/> from user memory.
            /// </summary>
            public SyscallError Read(ulong offset, ulong length, Span<byte> scratch, out ReadOnlySpan<byte> chunk)
            {
                if (from == null)
                {
                    chunk = bytes.Slice((int)offset, (int)length);
                    return SyscallError.Success;
                }
                int n = length < (ulong)scratch.Length ? (int)length : scratch.Length;
                chunk = scratch.Slice(0, n);
                return UserMemory.CopyIn(from, address + offset, scratch.Slice(0, n));
            }
        }

        /// <summary>
        /// The image's segments and entry, checked: an accepted ELF (<see cref="ElfParser"/>) whose
        /// segments leave the stack's range free. Allocates nothing.
        /// </summary>
        public static SyscallError Parse(KernelServices k, in ElfSource elf, Span<ElfSegment> segments, out int count, out ulong entry)
        {
            SyscallError e = elf.Read(0, elf.Length, k.Scratch, out ReadOnlySpan<byte> head);
            count = 0;
            entry = 0;
            if (e != SyscallError.Success)
                return e;
            e = ElfParser.Parse(head, elf.Length, k.Config.ElfMachine, segments, out count, out entry);
            if (e != SyscallError.Success)
                return e;
            const ulong stackBottom = Abi.InitialStackTop - Abi.InitialStackSize;
            for (int i = 0; i < count; i++)
            {
                if (ElfParser.PageStart(segments[i]) < Abi.InitialStackTop && stackBottom < ElfParser.PageEnd(segments[i]))
                    return SyscallError.InvalidParameter;
            }
            return SyscallError.Success;
        }

        /// <summary>Maps and fills the segments <see cref="Parse"/> returned, maps the stack, and sets the main thread's entry.</summary>
        public static SyscallError Load(KernelServices k, in ElfSource elf, ReadOnlySpan<ElfSegment> segments, ulong entry,
            Process p, Thread main)
        {
            Span<byte> scratch = k.Scratch;
            for (int i = 0; i < segments.Length; i++)
            {
                ElfSegment s = segments[i];
                SyscallError e = p.Memory.MapRegion(ElfParser.PageStart(s), ElfParser.PageEnd(s), s.Protection,
                    ProtectionFlags.All, null, 0, true);
                ulong done = 0;
                while (e == SyscallError.Success && done < s.FileSize)
                {
                    e = elf.Read(s.FileOffset + done, s.FileSize - done, scratch, out ReadOnlySpan<byte> chunk);
                    if (e == SyscallError.Success)
                        e = UserMemory.CopyOut(p.Memory, s.VirtualAddress + done, chunk, true);
                    done += (ulong)chunk.Length;
                }
                if (e != SyscallError.Success)
                    return e;
            }
            main.EntryPoint = entry;
            return p.Memory.MapRegion(Abi.InitialStackTop - Abi.InitialStackSize, Abi.InitialStackTop,
                ProtectionFlags.Read | ProtectionFlags.Write, ProtectionFlags.All, null, 0, false);
        }

        /// <summary>
        /// Where the start data goes, top down from the stack top: the argument strings, the
        /// <see cref="UserString"/> array, the capability array, the <see cref="StartInfo"/>.
        /// </summary>
        public unsafe struct StartLayout
        {
            public ulong Strings, Argv, Capabilities, Info;
            public ulong ArgCount, CapabilityCount;

            /// <param name="stringBytes">The strings' bytes, or an upper bound.</param>
            public StartLayout(ulong stringBytes, ulong argCount, ulong capabilityCount)
            {
                ArgCount = argCount;
                CapabilityCount = capabilityCount;
                Strings = (Abi.InitialStackTop - stringBytes) & ~15UL;
                Argv = Strings - argCount * (ulong)sizeof(UserString);
                Capabilities = (Argv - capabilityCount * (ulong)sizeof(Capability)) & ~7UL;
                Info = (Capabilities - (ulong)sizeof(StartInfo)) & ~15UL;
            }

            public ulong ArgAddress(ulong i) => Argv + i * (ulong)sizeof(UserString);

            public ulong CapabilityAddress(ulong i) => Capabilities + i * (ulong)sizeof(Capability);
        }

        /// <summary>Writes the StartInfo and starts the main thread with its stack pointer and first argument at it.</summary>
        public static SyscallError Start(Process p, Thread main, in StartLayout layout)
        {
            SyscallError e = Put(p.Memory, layout.Info, new StartInfo(layout.ArgCount, layout.Argv, layout.CapabilityCount, layout.Capabilities));
            main.StackPointer = layout.Info;
            main.Argument = layout.Info;
            return e;
        }

        /// <summary>One value into the image being built (protection ignored: the kernel is loading it).</summary>
        public static unsafe SyscallError Put<T>(AddressSpace to, ulong at, T value) where T : unmanaged
        {
            return UserMemory.CopyOut(to, at, new ReadOnlySpan<byte>(&value, sizeof(T)), true);
        }
    }
}
