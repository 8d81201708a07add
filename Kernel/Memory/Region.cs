using Veridian.Syscalls;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// One mapping in an address space: [Start, End) page-aligned, its protection, the most
    /// protection it may ever get (from the memory capability for shared mappings), and the
    /// backing object (null for private anonymous memory, whose frames the region owns).
    /// </summary>
    public struct Region
    {
        public ulong Start;
        public ulong End;
        public ProtectionFlags Protection;
        public ProtectionFlags MaxProtection;
        public MemoryObject Object;
        public ulong ObjectPage;

        public ulong Pages => (End - Start) >> Abi.PageShift;
    }
}
