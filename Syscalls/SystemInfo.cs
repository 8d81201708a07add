namespace Veridian.Syscalls
{
    /// <summary>
    /// What SYS_READ on a SystemInfo capability returns: the offset argument selects the table
    /// (<see cref="SystemInfoTable"/>), the buffer receives whole records of that table, and the
    /// return value is the number of bytes written. Holding the capability is the authority to
    /// see other processes; a program without it cannot (docs/abi.md).
    /// </summary>
    public enum SystemInfoTable : ulong
    {
        /// <summary>One <see cref="MemoryInfo"/>.</summary>
        Memory = 0,
        /// <summary>A <see cref="ProcessInfo"/> per live process, in table order.</summary>
        Processes = 1,
        /// <summary>A <see cref="CapabilityInfo"/> per capability the caller itself holds.</summary>
        Capabilities = 2,
        /// <summary>One <see cref="ObjectCounts"/>: how many of each kernel object are live.</summary>
        Objects = 3,
    }

    /// <summary>Frames and kernel heap, and the time since boot (48 bytes).</summary>
    public readonly struct MemoryInfo
    {
        public readonly ulong TotalFrames;
        public readonly ulong FreeFrames;
        public readonly ulong KernelHeapBytes;
        public readonly ulong KernelHeapUsed;
        public readonly ulong UptimeNanoseconds;
        public readonly ulong FrameSize;

        public MemoryInfo(ulong totalFrames, ulong freeFrames, ulong heapBytes, ulong heapUsed, ulong uptime)
        {
            TotalFrames = totalFrames;
            FreeFrames = freeFrames;
            KernelHeapBytes = heapBytes;
            KernelHeapUsed = heapUsed;
            UptimeNanoseconds = uptime;
            FrameSize = Abi.PageSize;
        }
    }

    /// <summary>
    /// One process (48 bytes): ids, state, threads, resident pages and its name (the first 16
    /// bytes of its args[0], NUL-padded, little-endian in <see cref="Name0"/> then <see cref="Name1"/>).
    /// </summary>
    public struct ProcessInfo
    {
        public const int NameBytes = 16;
        public ProcessId Id;
        public ProcessId Parent;
        /// <summary>0 free, 1 created, 2 running, 3 zombie (Kernel/Tasks/ProcessState.cs).</summary>
        public uint State;
        public uint Threads;
        public ulong ResidentPages;
        public ulong Name0;
        public ulong Name1;
    }

    /// <summary>One capability of the caller (16 bytes): its token, its object type and its rights.</summary>
    public readonly struct CapabilityInfo
    {
        public readonly Capability Token;
        public readonly uint Type;
        public readonly uint Rights;

        public CapabilityInfo(Capability token, ObjectType type, Rights rights)
        {
            Token = token;
            Type = (uint)type;
            Rights = rights.Bits;
        }
    }

    /// <summary>
    /// How many of each kernel object exist (104 bytes), machine-wide: what must come back to
    /// where it was once a workload has ended (the ring-3 syscall fuzzer checks it, docs/testing.md).
    /// </summary>
    public struct ObjectCounts
    {
        public ulong Processes;
        public ulong Threads;
        public ulong Endpoints;
        public ulong Channels;
        /// <summary>Outstanding calls (reply objects).</summary>
        public ulong Replies;
        /// <summary>Message buffers in use (queued or in flight).</summary>
        public ulong Messages;
        public ulong MemoryObjects;
        public ulong Resources;
        /// <summary>Capabilities in every space, the kernel's transit space (queued messages) included.</summary>
        public ulong Capabilities;
        /// <summary>Waits with a deadline in the timer queue.</summary>
        public ulong Timers;
        public ulong FutexWaiters;
        public ulong ReadyThreads;
        /// <summary>Frames the machine holds for thread kernel stacks (x86_64: live threads' stacks, at most one released late, and the stack area's page tables, which stay): not free, not leaked.</summary>
        public ulong KeptFrames;
    }
}
