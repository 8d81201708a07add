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
        private const ulong MinHeapBytes = 6UL * 1024 * 1024;

        /// <summary>Entered from boot.asm in the upper half; both arguments are physical.</summary>
        [RuntimeExport("kmain")]
        private static void KMain(ulong magic, ulong infoPhysical)
        {
            SerialPort.Initialize(SerialPort.Com1);
            if (magic != Multiboot2.BootloaderMagic)
                EarlyHalt("veridian: not started by a multiboot2 boot loader; halting\n");

            var info = new ReadOnlySpan<byte>(AddressMap.Virtual(infoPhysical), (int)*(uint*)AddressMap.Virtual(infoPhysical));
            ulong reservedEnd = Multiboot2.ReservedEnd(info, infoPhysical);
            ulong imageEnd = (ulong)Native.KernelImageEnd() - AddressMap.KernelVma;
            if (reservedEnd < imageEnd) reservedEnd = imageEnd;
            if (!Multiboot2.FindFreeRegion(info, reservedEnd, AddressMap.BootDirectMapBytes, out ulong heapStart, out ulong regionBytes))
                EarlyHalt("veridian: no usable memory for the kernel heap; halting\n");
            ulong heapBytes = HeapSize(regionBytes);
            RuntimeExports.Heap.Initialize((byte*)AddressMap.Virtual(heapStart), heapBytes);

            if (Veridian.Runtime.Startup.InitializeModules(Native.ModulesStart(), Native.ModulesEnd()) < 1)
                EarlyHalt("veridian: no runtime module header found; halting\n");

            // From here on, ordinary C#.
            KernelConsole.Attach(new SerialPort(SerialPort.Com1));
            BootInfo boot = Multiboot2.Parse(info);
            if (boot == null)
                EarlyHalt("veridian: malformed multiboot2 information; halting\n");
            for (int i = 0; i < boot.Modules.Length; i++)
            {
                // The kernel reaches modules through the direct map.
                boot.Modules[i].Start = (ulong)AddressMap.Virtual(boot.Modules[i].Start);
                boot.Modules[i].End = (ulong)AddressMap.Virtual(boot.Modules[i].End);
            }
            AttachScreen(boot);
            Acpi.Initialize(boot.AcpiRsdp);

            // Physical frames for user memory and page tables: all usable RAM above the
            // image, the boot information and the modules, except the heap.
            ulong mappedEnd = DirectMap.MapAbove4GiB(boot.MemoryMap);
            ulong ramEnd = 0;
            for (int i = 0; i < boot.MemoryMap.Length; i++)
                if (boot.MemoryMap[i].IsUsable && boot.MemoryMap[i].End > ramEnd) ramEnd = boot.MemoryMap[i].End;
            if (ramEnd > mappedEnd) ramEnd = mappedEnd;
            ulong framesBase = (reservedEnd + 0xFFF) & ~0xFFFUL;
            var frames = BitmapFrameAllocator.AllAllocated(framesBase, ramEnd > framesBase ? ramEnd - framesBase : 0);
            for (int i = 0; i < boot.MemoryMap.Length; i++)
                if (boot.MemoryMap[i].IsUsable) frames.ReleaseRange(boot.MemoryMap[i].Base, boot.MemoryMap[i].End);
            frames.ReserveRange(heapStart, heapStart + heapBytes);
            KernelStacks.Initialize(frames);

            KernelMain.Start(new X64Machine(), boot, RuntimeExports.Heap.Capacity, new X64Platform(frames));
        }

        // A quarter of the region the heap comes from, within [6 MiB, 64 MiB]: the tables, kernel
        // stacks and boot copies fit, and on a small machine most RAM stays for user frames.
        private static ulong HeapSize(ulong regionBytes)
        {
            ulong size = regionBytes / 4;
            if (size < MinHeapBytes) size = MinHeapBytes;
            if (size > MaxHeapBytes) size = MaxHeapBytes;
            if (size > regionBytes) size = regionBytes;
            return size & ~0xFFFUL;
        }

        // BIOS leaves an EGA text buffer; UEFI a linear framebuffer, drawn with the font module.
        private static void AttachScreen(BootInfo boot)
        {
            FramebufferInfo fb = boot.Framebuffer;
            if (!fb.Present || fb.Address >= AddressMap.BootDirectMapBytes) return;
            ulong screen = (ulong)AddressMap.Virtual(fb.Address);
            if (fb.Type == 2)
            {
                KernelConsole.Attach(new TextBufferConsole(screen, fb.Width, fb.Height, fb.Pitch));
                return;
            }
            int fontModule = boot.FindModule("font.pf2");
            if (fb.Type != 1 || fontModule < 0 || !FramebufferConsole.Supports(fb.BitsPerPixel)) return;
            ref BootModule m = ref boot.Modules[fontModule];
            Pf2Font font = Pf2Font.Parse(new ReadOnlySpan<byte>((void*)m.Start, (int)(m.End - m.Start)));
            if (font != null)
                KernelConsole.Attach(new FramebufferConsole((byte*)screen, fb.Pitch, fb.Width, fb.Height, fb.BitsPerPixel,
                                                            fb.RedShift, fb.GreenShift, fb.BlueShift, font));
        }

        private static void EarlyHalt(string message)
        {
            SerialPort.WriteRaw(SerialPort.Com1, message);
            Native.HaltForever();
        }
    }
}
