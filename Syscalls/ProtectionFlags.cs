namespace Veridian.Syscalls
{
    /// <summary>Page protection for mmap/mprotect (spec values).</summary>
    [System.Flags]
    public enum ProtectionFlags : uint
    {
        None = 0,
        Read = 1u << 0,
        Write = 1u << 1,
        Exec = 1u << 2,

        /// <summary>Every defined bit; any other bit is InvalidParameter.</summary>
        All = Read | Write | Exec,
    }
}
