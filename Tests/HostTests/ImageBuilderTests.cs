using System;
using Veridian.Kernel;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// <see cref="ImageBuilder"/>, the one way a process image is built from ELF (init from a boot
    /// module, SYS_PROCESS_CREATE from the parent's memory): the same image from either source,
    /// and bad input refused before anything is allocated or, when memory runs out part way,
    /// nothing left behind once the process is discarded.
    /// </summary>
    public class ImageBuilderTests
    {
        private const ulong StackBottom = Abi.InitialStackTop - Abi.InitialStackSize;

        private static (Process P, Thread Main) NewProcess(TestKernel tk, int quotaPercent = 50)
        {
            Process p = tk.K.Tasks.AllocateProcess(tk.Init, quotaPercent);
            Assert.NotNull(p);
            Assert.Equal(SyscallError.Success, tk.K.Tasks.AllocateThread(p, out Thread main));
            return (p, main);
        }

        /// <summary>Parse then Load from a kernel span, as init is built.</summary>
        private static SyscallError BuildFromKernel(TestKernel tk, byte[] image, Process p, Thread main)
        {
            var elf = ImageBuilder.ElfSource.InKernel(image);
            Span<ElfSegment> segments = stackalloc ElfSegment[ElfParser.MaxSegments];
            SyscallError e = ImageBuilder.Parse(tk.K, elf, segments, out int n, out ulong entry);
            return e != SyscallError.Success ? e : ImageBuilder.Load(tk.K, elf, segments.Slice(0, n), entry, p, main);
        }

        /// <summary>Parse then Load from init's memory, as SYS_PROCESS_CREATE builds a child.</summary>
        private static SyscallError BuildFromUser(TestKernel tk, byte[] image, Process p, Thread main)
        {
            ulong at = tk.Put(tk.Init, image);
            var elf = ImageBuilder.ElfSource.InUser(tk.Init.Memory, at, (ulong)image.Length);
            Span<ElfSegment> segments = stackalloc ElfSegment[ElfParser.MaxSegments];
            SyscallError e = ImageBuilder.Parse(tk.K, elf, segments, out int n, out ulong entry);
            return e != SyscallError.Success ? e : ImageBuilder.Load(tk.K, elf, segments.Slice(0, n), entry, p, main);
        }

        [Fact]
        public void Both_sources_build_the_same_image()
        {
            var tk = new TestKernel();
            var elf = ElfBuilder.WithData();
            elf.Segments[0].Data = new byte[6000];     // more than one scratch page of file bytes
            elf.Segments[0].MemorySize = 6000;
            elf.Segments[1].Offset = 0x3000;                // past segment 0's file bytes
            new Random(5).NextBytes(elf.Segments[0].Data);
            byte[] image = elf.Build();
            var (a, mainA) = NewProcess(tk);
            var (b, mainB) = NewProcess(tk);
            Assert.Equal(SyscallError.Success, BuildFromKernel(tk, image, a, mainA));
            Assert.Equal(SyscallError.Success, BuildFromUser(tk, image, b, mainB));
            Assert.Equal(elf.Entry, mainA.EntryPoint);
            Assert.Equal(elf.Entry, mainB.EntryPoint);
            foreach (var s in elf.Segments)
            {
                Assert.Equal(s.Data, tk.Peek(a, s.VirtualAddress, s.Data.Length));
                Assert.Equal(s.Data, tk.Peek(b, s.VirtualAddress, s.Data.Length));
            }
            Assert.Equal(new byte[0x3000 - 8], tk.Peek(b, 0x60_0008, 0x3000 - 8));   // .bss is zero
            Assert.True(b.Memory.IsMappedWith(StackBottom, Abi.InitialStackTop, ProtectionFlags.Read | ProtectionFlags.Write));
            Assert.Equal(a.Memory.RegionCount, b.Memory.RegionCount);
        }

        [Fact]
        public void Start_layout_puts_the_start_info_below_the_strings_and_arrays()
        {
            var tk = new TestKernel();
            var (p, main) = NewProcess(tk);
            Assert.Equal(SyscallError.Success, BuildFromKernel(tk, ElfBuilder.Minimal().Build(), p, main));
            var layout = new ImageBuilder.StartLayout(13, 2, 3);
            Assert.Equal(0UL, layout.Strings % 16);
            Assert.True(layout.Strings + 13 <= Abi.InitialStackTop);
            Assert.Equal(layout.Argv + 32, layout.Strings);
            Assert.True(layout.CapabilityAddress(3) <= layout.Argv);
            Assert.True(layout.Info + 32 <= layout.Capabilities);
            Assert.Equal(0UL, layout.Info % 16);
            Assert.Equal(SyscallError.Success, ImageBuilder.Start(p, main, layout));
            Assert.Equal(layout.Info, main.StackPointer);
            Assert.Equal(layout.Info, main.Argument);
            var info = tk.PeekStruct<StartInfo>(p, layout.Info);
            Assert.Equal((2UL, layout.Argv, 3UL, layout.Capabilities), (info.ArgCount, info.Args, info.CapabilityCount, info.Capabilities));
        }

        public static TheoryData<string> BadImages => new() { "truncated", "overlapping", "kernel half", "below user base", "over the stack", "no entry" };

        private static byte[] Bad(string what)
        {
            var elf = ElfBuilder.WithData();
            switch (what)
            {
                case "truncated": return elf.Build()[..100];
                case "overlapping": elf.Segments[1].VirtualAddress = 0x40_0000 + 0x800; elf.Segments[1].Offset = 0x2800; break;
                case "kernel half": elf.Segments[1].VirtualAddress = 0xFFFF_8000_0000_0000; elf.Segments[1].Offset = 0x2000; break;
                case "below user base": elf.Segments[1].VirtualAddress = 0x1000; break;
                case "over the stack": elf.Segments[1].VirtualAddress = StackBottom; break;
                case "no entry": elf.Entry = 0x60_0000; break;
            }
            return elf.Build();
        }

        [Theory]
        [MemberData(nameof(BadImages))]
        public void Bad_images_are_refused_before_anything_is_mapped(string what)
        {
            var tk = new TestKernel();
            var (p, main) = NewProcess(tk);
            byte[] image = Bad(what);
            int free = tk.Platform.SimFrames.FreeCount;
            Assert.Equal(SyscallError.InvalidParameter, BuildFromKernel(tk, image, p, main));
            Assert.Equal(0, p.Memory.RegionCount);
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(SyscallError.InvalidParameter, SyscallReturn.GetError(tk.CreateRaw(tk.InitThread, image)));
            Assert.Equal(2, tk.K.LiveProcessCount);   // init and the one made here: create left nothing
        }

        [Fact]
        public void Running_out_of_frames_part_way_leaves_nothing_once_discarded()
        {
            var tk = new TestKernel(null, frames: 90);
            var elf = ElfBuilder.WithData();
            elf.Segments[1].MemorySize = 200 * 4096;
            byte[] image = elf.Build();
            int free = tk.Platform.SimFrames.FreeCount;
            var (p, main) = NewProcess(tk, 100);
            Assert.Equal(SyscallError.OutOfMemory, BuildFromKernel(tk, image, p, main));
            tk.K.Tasks.Discard(p);
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(1, tk.K.LiveProcessCount);
        }

        [Fact]
        public void A_quota_too_small_for_the_image_fails_create_and_frees_every_frame()
        {
            var tk = new TestKernel();
            var elf = ElfBuilder.WithData();
            elf.Segments[1].MemorySize = 1000 * 4096;
            byte[] image = elf.Build();
            Capability share = new Capability(tk.Ok(tk.InitThread, SyscallFrames.CapabilityCreate(ObjectType.Resource, new ObjectId(1), Rights.All, tk.RootResource)));
            ulong bin = tk.Put(tk.Init, image);
            ulong caps = tk.PutStruct(tk.Init, share);
            int free = tk.Platform.SimFrames.FreeCount;
            ulong r = tk.Raw(tk.InitThread, SyscallFrames.CreateProcess(new UserBuffer(bin, (ulong)image.Length), new UserArray<UserString>(0, 0), new UserArray<Capability>(caps, 1)));
            Assert.True(SyscallReturn.IsError(r));
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(1, tk.K.LiveProcessCount);
        }
    }
}
