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
            AttachScreen(boot);

            // Physical frames for user memory and page tables: the rest of the heap's region.
            ulong framesBytes = regionBytes - heapBytes;
            if (framesBytes > MaxFrameBytes) framesBytes = MaxFrameBytes;
            var frames = new BitmapFrameAllocator(heapStart + heapBytes, framesBytes);

            KernelMain.Start(new X64Machine(), boot, Heap.Capacity, new X64Platform(frames));
        }

        // BIOS leaves an EGA text buffer; UEFI a linear framebuffer, drawn with the font module.
        private static void AttachScreen(BootInfo boot)
        {
            FramebufferInfo fb = boot.Framebuffer;
            if (!fb.Present || fb.Address >= IdentityMapLimit) return;
            if (fb.Type == 2)
            {
                KernelConsole.Attach(new TextBufferConsole(fb.Address, fb.Width, fb.Height, fb.Pitch));
                return;
            }
            int fontModule = boot.FindModule("font.pf2");
            if (fb.Type != 1 || fontModule < 0 || !FramebufferConsole.Supports(fb.BitsPerPixel)) return;
            ref BootModule m = ref boot.Modules[fontModule];
            Pf2Font font = Pf2Font.Parse(new ReadOnlySpan<byte>((void*)m.Start, (int)(m.End - m.Start)));
            if (font != null)
                KernelConsole.Attach(new FramebufferConsole((byte*)fb.Address, fb.Pitch, fb.Width, fb.Height, fb.BitsPerPixel,
                                                            fb.RedShift, fb.GreenShift, fb.BlueShift, font));
        }

        private static void EarlyHalt(string message)
        {
            SerialPort.WriteRaw(SerialPort.Com1, message);
            Native.HaltForever();
        }
    }
}
