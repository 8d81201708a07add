using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// A run of physical frames that can be mapped shared into several address spaces
    /// (MAP_SHARED with its capability) and read or written with SYS_READ/SYS_WRITE. Frames are
    /// allocated and zeroed at creation and freed when the last capability and the last mapping
    /// are gone. Objects live in a pool allocated at boot; only the frame array is per object.
    /// </summary>
    public sealed class MemoryObject : KernelObject
    {
        public readonly int PoolIndex;
        public bool Live;
        public ulong[] Frames;
        public ulong PageCount;

        public MemoryObject(int poolIndex) : base(ObjectType.Memory)
        {
            PoolIndex = poolIndex;
        }

        public ulong SizeBytes => PageCount * Abi.PageSize;
    }
}
