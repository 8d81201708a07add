using System;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Platform;
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
        public ulong[] Frames;
        public ulong PageCount;

        public MemoryObject() : base(ObjectType.Memory)
        {
        }

        public ulong SizeBytes => PageCount * Abi.PageSize;

        /// <summary>
        /// Checks a SYS_READ/SYS_WRITE range: an offset past the end is InvalidParameter; a count
        /// running past the end is shortened to what is there (a short transfer, as for files).
        /// </summary>
        public SyscallError Clip(ulong offset, ref ulong count)
        {
            if (offset > SizeBytes)
                return SyscallError.InvalidParameter;
            if (count > SizeBytes - offset)
                count = SizeBytes - offset;
            return SyscallError.Success;
        }

        /// <summary>The bytes from <paramref name="at"/> to the end of its page, at most <paramref name="max"/>.</summary>
        public Span<byte> BytesAt(MachinePlatform platform, ulong at, ulong max)
        {
            int inPage = (int)(at % Abi.PageSize);
            int chunk = (int)Abi.PageSize - inPage;
            if ((ulong)chunk > max)
                chunk = (int)max;
            return platform.FrameBytes(Frames[at / Abi.PageSize]).Slice(inPage, chunk);
        }
    }
}
