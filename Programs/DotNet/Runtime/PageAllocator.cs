using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>Memory from the kernel: anonymous read-write mappings (SYS_MMAP) and their return (SYS_MUNMAP).</summary>
    internal static unsafe class PageAllocator
    {
        public const ulong PageSize = Abi.PageSize;

        public static ulong RoundUp(ulong bytes) => (bytes + PageSize - 1) & ~(PageSize - 1);

        /// <summary>Zeroed pages, or null when the kernel refuses (quota, memory).</summary>
        public static void* Map(ulong bytes)
        {
            SysResult r = Sys.Mmap(0, RoundUp(bytes), ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            return r.IsOk ? (void*)r.Value : null;
        }

        public static void Unmap(void* at, ulong bytes) => Sys.Munmap((ulong)at, RoundUp(bytes));
    }
}
