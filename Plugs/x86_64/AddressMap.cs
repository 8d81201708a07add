namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Where things are in the kernel's half of every address space (boot.asm and linker.ld
    /// build exactly this). The lower half, below <see cref="Veridian.Syscalls.Abi.UserEnd"/>,
    /// belongs to user processes; the kernel never touches it directly: it reaches user pages
    /// through their frames in the direct map.
    /// </summary>
    internal static unsafe class AddressMap
    {
        /// <summary>All physical memory, mapped writable and not executable from here (PML4[256]).</summary>
        public const ulong DirectMapBase = 0xFFFF_8000_0000_0000;

        /// <summary>How much of the direct map boot.asm builds; RAM above it is mapped by <see cref="DirectMap"/>.</summary>
        public const ulong BootDirectMapBytes = 4UL << 30;

        /// <summary>The kernel image: virtual = physical + KernelVma (the top 2 GiB, PML4[511]).</summary>
        public const ulong KernelVma = 0xFFFF_FFFF_8000_0000;

        public static void* Virtual(ulong physicalAddress) => (void*)(physicalAddress + DirectMapBase);

        public static ulong PhysicalOfDirect(void* directMapped) => (ulong)directMapped - DirectMapBase;

        /// <summary>True for an address in the kernel half: a kernel stack, the heap or the image.</summary>
        public static bool IsKernelAddress(ulong address) => address >= DirectMapBase;
    }
}
