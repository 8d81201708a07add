using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.RuntimeCore
{
    /// <summary>
    /// Memory straight from the kernel, for both ring-3 runtimes: anonymous private read-write
    /// mappings (SYS_MMAP, zeroed and lazily backed), their return (SYS_MUNMAP), guard pages and
    /// decommit. Every heap chunk, thread stack and the .NET layer's GC reservation is mapped
    /// here. Lengths are rounded up to whole pages.
    /// </summary>
    public static unsafe class PageMapper
    {
        public const ulong PageSize = Abi.PageSize;

        public static ulong RoundUp(ulong bytes) => (bytes + PageSize - 1) & ~(PageSize - 1);

        /// <summary>SYS_MMAP of <paramref name="bytes"/>, at <paramref name="hint"/> if that range is free
        /// (0: where the kernel likes); the result's Value is the address, or the kernel's error.</summary>
        public static SysResult TryMap(ulong hint, ulong bytes)
            => Sys.Mmap(hint, RoundUp(bytes), ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);

        /// <summary>Zeroed pages, or null when the kernel refuses (quota, memory).</summary>
        public static void* Map(ulong bytes)
        {
            SysResult r = TryMap(0, bytes);
            return r.IsOk ? (void*)r.Value : null;
        }

        /// <summary>Like <see cref="Map"/>, at <paramref name="hint"/> if that range is free.</summary>
        public static void* MapAt(ulong hint, ulong bytes)
        {
            SysResult r = TryMap(hint, bytes);
            return r.IsOk ? (void*)r.Value : null;
        }

        public static void Unmap(void* at, ulong bytes) => Sys.Munmap((ulong)at, RoundUp(bytes));

        /// <summary>Makes [at, at + bytes) inaccessible (a guard page: touching it faults).</summary>
        public static SysResult Guard(ulong at, ulong bytes) => Sys.Mprotect(at, RoundUp(bytes), ProtectionFlags.None);

        /// <summary>Gives the frames under [at, at + bytes) back, keeping the range reserved: unmaps it
        /// and maps it again, FIXED and lazily backed (zero pages on next touch). Both steps may split
        /// mappings, so the caller budgets regions (docs/dotnet.md "Garbage collector"). Returns 0 on
        /// success, 1 if nothing changed (munmap refused), 2 if the range is now a hole.</summary>
        public static int Decommit(void* at, ulong bytes)
        {
            if (!Sys.Munmap((ulong)at, bytes).IsOk) return 1;
            SysResult r = Sys.Mmap((ulong)at, bytes, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed, Capability.Null, 0);
            return r.IsOk ? 0 : 2;
        }
    }
}
