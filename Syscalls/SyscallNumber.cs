namespace Veridian.Syscalls
{
    /// <summary>
    /// The syscall numbers, exactly as in the specification. This enum is the only place a
    /// number is written down: the kernel dispatcher switches on it and the user library
    /// passes it in the architecture's number register (docs/abi.md §1).
    /// </summary>
    public enum SyscallNumber : ulong
    {
        Exit = 1,
        Read = 2,
        Write = 3,
        Mmap = 4,
        Munmap = 5,
        Mprotect = 6,

        IpcEndpointCreate = 10,
        IpcChannelCreate = 11,
        IpcSend = 12,
        IpcReceive = 13,
        IpcCall = 14,
        IpcReply = 15,

        ProcessCreate = 20,
        ProcessStart = 21,
        ProcessWait = 22,

        ThreadCreate = 25,
        ThreadExit = 26,
        ThreadJoin = 27,

        CapabilityCreate = 30,
        CapabilityDerive = 31,
        CapabilityRevoke = 32,
        CapabilityValidate = 33,

        ClockGet = 40,
        Nanosleep = 41,
        Yield = 42,

        // VeridianOS extensions: numbers from 100 on, outside every range the specification uses
        // (docs/abi.md "Extensions").
        ProcessKill = 100,
        FutexWait = 101,
        FutexWake = 102,
        ThreadSetTls = 103,
        ExceptionHandlerSet = 104,
        ExceptionReturn = 105,
        ConsoleForeground = 106,
        ThreadSuspend = 107,
        ThreadResume = 108,
        ThreadSelf = 109,
    }
}
