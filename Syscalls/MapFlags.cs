namespace Veridian.Syscalls
{
    /// <summary>Mapping flags for mmap (spec values). Exactly one of Private/Shared is required.</summary>
    [System.Flags]
    public enum MapFlags : uint
    {
        None = 0,
        Private = 1u << 0,
        Shared = 1u << 1,
        Anonymous = 1u << 2,
        Fixed = 1u << 3,
        Populate = 1u << 4,

        /// <summary>Every defined bit; any other bit is InvalidParameter.</summary>
        All = Private | Shared | Anonymous | Fixed | Populate,
    }
}
