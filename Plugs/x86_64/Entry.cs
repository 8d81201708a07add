using System;
using System.Runtime;
using Veridian.Kernel.Boot;
using Veridian.Kernel.Console;
using Veridian.Kernel.Memory;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// kmain: where boot.asm hands over to C#. Until the heap and the runtime's statics exist,
    /// this code may touch only unmanaged statics and string literals (both live in the image).
    /// </summary>
    internal static unsafe class Entry
    {
        private const ulong MaxHeapBytes = 64UL * 1024 * 1024;
        private const ulong MaxFrameBytes = 1UL << 30;
        private const ulong IdentityMapLimit = 4UL * 1024 * 1024 * 1024;   // boot.asm maps 4 GiB

        // The kernel heap: an unmanaged struct, so it is usable before any managed static.
        internal static KernelHeap Heap;

        [RuntimeExport("kmain")]
        private static void KMain(ulong magic, ulong infoAddress)
        {
            SerialPort.Initialize(SerialPort.Com1);
            if (magic != Multiboot2.BootloaderMagic)
                EarlyHalt("veridian: not started by a multiboot2 boot loader; halting\n");

            var info = new ReadOnlySpan<byte>((void*)infoAddress, (int)*(uint*)infoAddress);
            ulong reservedEnd = Multiboot2.ReservedEnd(info, infoAddress);
            if (reservedEnd < (ulong)Native.KernelImageEnd()) reservedEnd = (ulong)Native.KernelImageEnd();
            if (!Multiboot2.FindFreeRegion(info, reservedEnd, IdentityMapLimit, out ulong heapStart, out ulong heapBytes))
                EarlyHalt("veridian: no usable memory for the kernel heap; halting\n");
            ulong regionBytes = heapBytes;
            if (heapBytes > MaxHeapBytes) heapBytes = MaxHeapBytes;
            Heap.Initialize((byte*)heapStart, heapBytes);

            if (Veridian.Runtime.Startup.InitializeModules(Native.ModulesStart(), Native.ModulesEnd()) < 1)
                EarlyHalt("veridian: no runtime module header found; halting\n");

            // From here on, ordinary C#.
            KernelConsole.Attach(new SerialPort(SerialPort.Com1));
            BootInfo boot = Multiboot2.Parse(info);
            if (boot == null)
                EarlyHalt("veridian: malformed multiboot2 information; halting\n");
            if (boot.Framebuffer.Present && boot.Framebuffer.Type == 2)
                KernelConsole.Attach(new TextModeScreen(boot.Framebuffer.Address, boot.Framebuffer.Width, boot.Framebuffer.Height, boot.Framebuffer.Pitch));

            // Physical frames for user memory and page tables: the rest of the heap's region.
            ulong framesBytes = regionBytes - heapBytes;
            if (framesBytes > MaxFrameBytes) framesBytes = MaxFrameBytes;
            var frames = new BitmapFrameAllocator(heapStart + heapBytes, framesBytes);

            KernelMain.Start(new X64Machine(), boot, Heap.Capacity, new X64Platform(frames));
        }

        private static void EarlyHalt(string message)
        {
            SerialPort.WriteRaw(SerialPort.Com1, message);
            Native.HaltForever();
        }
    }
}
