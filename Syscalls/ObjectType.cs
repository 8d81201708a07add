namespace Veridian.Syscalls
{
    /// <summary>
    /// What a capability refers to. The value is also carried in bits 48..55 of a
    /// <see cref="Capability"/> token (see docs/abi.md).
    /// </summary>
    public enum ObjectType : byte
    {
        None = 0,
        /// <summary>Authority to create objects (SYS_CAPABILITY_CREATE); init holds the root one.</summary>
        Resource = 1,
        /// <summary>A memory object: mappable with MAP_SHARED, readable/writable with SYS_READ/SYS_WRITE.</summary>
        Memory = 2,
        /// <summary>An IPC endpoint (the spec's IpcCapability).</summary>
        Endpoint = 3,
        /// <summary>Reserved: processes are named by <see cref="ProcessId"/> in this ABI.</summary>
        Process = 4,
        /// <summary>Reserved: threads are named by <see cref="ThreadId"/> in this ABI.</summary>
        Thread = 5,
        /// <summary>The console / debug output: SYS_WRITE.</summary>
        Console = 6,
        /// <summary>The kernel log, a byte stream with absolute offsets: SYS_READ.</summary>
        Log = 7,
        /// <summary>Read-only information about the whole system (processes, memory): SYS_READ, see <see cref="SystemInfoTable"/>.</summary>
        SystemInfo = 8,
        /// <summary>The machine's power: SYS_WRITE "poweroff" or "reboot".</summary>
        Power = 9,
    }
}
