namespace Veridian.Syscalls
{
    /// <summary>Error codes, values as in the specification (0 is not an error).</summary>
    public enum SyscallError : uint
    {
        Success = 0,
        InvalidParameter = 1,
        PermissionDenied = 2,
        NotFound = 3,
        AlreadyExists = 4,
        OutOfMemory = 5,
        Busy = 6,
        Timeout = 7,
        ResourceExhausted = 8,
        InvalidCapability = 9,
        Interrupted = 10,
        InvalidAddress = 11,
        BufferTooSmall = 12,
        NotSupported = 13,
        InvalidSyscall = 14,
    }
}
