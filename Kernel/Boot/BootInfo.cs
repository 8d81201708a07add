using System;

namespace Veridian.Kernel.Boot
{
    /// <summary>What the boot loader told us, parsed once (Multiboot2.Parse).</summary>
    public sealed class BootInfo
    {
        private readonly byte[] _raw;                   // a copy: the loader's memory may be reused

        public readonly MemoryRegion[] MemoryMap;
        public readonly BootModule[] Modules;
        public FramebufferInfo Framebuffer;
        /// <summary>A copy of the ACPI root pointer (RSDP) the loader passed, or null.</summary>
        public byte[] AcpiRsdp;
        internal int CommandLineOffset, CommandLineLength;
        internal int BootloaderNameOffset, BootloaderNameLength;

        internal BootInfo(ReadOnlySpan<byte> raw, int regions, int modules)
        {
            _raw = raw.ToArray();
            MemoryMap = new MemoryRegion[regions];
            Modules = new BootModule[modules];
        }

        public ReadOnlySpan<byte> CommandLine => new ReadOnlySpan<byte>(_raw, CommandLineOffset, CommandLineLength);
        public ReadOnlySpan<byte> BootloaderName => new ReadOnlySpan<byte>(_raw, BootloaderNameOffset, BootloaderNameLength);
        public ReadOnlySpan<byte> ModuleName(int index) => new ReadOnlySpan<byte>(_raw, Modules[index].NameOffset, Modules[index].NameLength);

        /// <summary>Sum of the usable RAM regions.</summary>
        public ulong UsableMemoryBytes
        {
            get
            {
                ulong total = 0;
                for (int i = 0; i < MemoryMap.Length; i++)
                    if (MemoryMap[i].IsUsable) total += MemoryMap[i].Length;
                return total;
            }
        }

        /// <summary>The index of the module whose name ends with <paramref name="suffix"/>, or -1.</summary>
        public int FindModule(string suffix)
        {
            for (int i = 0; i < Modules.Length; i++)
            {
                var name = ModuleName(i);
                if (name.Length < suffix.Length) continue;
                bool match = true;
                for (int c = 0; c < suffix.Length && match; c++)
                    match = name[name.Length - suffix.Length + c] == suffix[c];
                if (match) return i;
            }
            return -1;
        }
    }
}
