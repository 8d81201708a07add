using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>One PT_LOAD segment of a validated ELF64 image.</summary>
    public struct ElfSegment
    {
        public ulong FileOffset;
        public ulong FileSize;
        public ulong VirtualAddress;
        public ulong MemorySize;
        public ProtectionFlags Protection;
    }
}
