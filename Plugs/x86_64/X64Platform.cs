using System;
using Veridian.Kernel.Console;
using Veridian.Kernel.Platform;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The managed services' view of this machine: physical frames from the bitmap allocator,
    /// frame contents through the direct map, real x86_64 page tables, the console.
    /// </summary>
    public sealed unsafe class X64Platform : MachinePlatform
    {
        private readonly FrameAllocator _frames;

        public X64Platform(FrameAllocator frames) { _frames = frames; }

        public override FrameAllocator Frames => _frames;

        public override Span<byte> FrameBytes(ulong physicalAddress) => new Span<byte>(AddressMap.Virtual(physicalAddress), 4096);

        // Without a frame for the root the table maps nothing: every Map fails and the
        // service reports OutOfMemory, which is what running out of frames should look like.
        public override PageTable CreatePageTable() => new X64PageTable(_frames);

        public override void DestroyPageTable(PageTable table)
        {
            if (table is X64PageTable x64)
            {
                // Never free the tables the CPU is walking: a process that exits is still the
                // active address space until the next switch.
                if (x64.IsActive) Native.WriteCr3(Native.KernelPml4Physical());
                x64.Destroy();
                Veridian.Kernel.Memory.Objects.Free(x64);
            }
        }

        public override void ConsoleWrite(ReadOnlySpan<byte> bytes) => KernelConsole.WriteUtf8(bytes);

        public override ulong HeapBytes => RuntimeExports.Heap.Capacity;
        public override ulong HeapBytesInUse => RuntimeExports.Heap.BytesInUse;

        public override bool PowerOff()
        {
            Acpi.PowerOff();
            return false;
        }

        public override bool Reset()
        {
            Acpi.Reset();
            return false;
        }
    }
}
