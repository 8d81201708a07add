namespace Veridian.Kernel
{
    /// <summary>
    /// Capacities of every kernel table. All tables are allocated once, at boot, from these
    /// numbers; running out of one is ResourceExhausted, never an allocation on a hot path.
    /// </summary>
    public struct KernelConfig
    {
        public int MaxProcesses;
        public int MaxThreads;
        public int MaxThreadsPerProcess;
        public int CapabilitySlotsPerProcess;
        public int MaxEndpoints;
        public int MaxChannels;
        public int EndpointQueueDepth;
        public int MaxMessages;
        public int MaxReplies;
        public int MaxRegionsPerProcess;
        public int MaxMemoryObjects;
        public ulong MaxMemoryObjectBytes;
        public int LogCapacity;
        /// <summary>ELF e_machine accepted by SYS_PROCESS_CREATE (62 = x86_64, 183 = AArch64).</summary>
        public ushort ElfMachine;

        public static KernelConfig Default
        {
            get
            {
                KernelConfig c;
                c.MaxProcesses = 32;
                c.MaxThreads = 128;
                c.MaxThreadsPerProcess = 16;
                c.CapabilitySlotsPerProcess = 256;
                c.MaxEndpoints = 128;
                c.MaxChannels = 128;
                c.EndpointQueueDepth = 16;
                c.MaxMessages = 256;
                c.MaxReplies = 64;
                c.MaxRegionsPerProcess = 64;
                c.MaxMemoryObjects = 64;
                c.MaxMemoryObjectBytes = 64UL * 1024 * 1024;
                c.LogCapacity = 16 * 1024;
                c.ElfMachine = 62;
                return c;
            }
        }
    }
}
