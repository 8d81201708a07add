namespace Veridian.Kernel
{
    /// <summary>
    /// Capacities of every kernel table. All tables are allocated once, at boot, from these
    /// numbers (<see cref="ForMachine"/> scales them with the machine's memory); running out of
    /// one is ResourceExhausted, never an allocation on a hot path.
    /// </summary>
    public struct KernelConfig
    {
        public int MaxProcesses;
        /// <summary>The thread table. A process may have as many as its Threads quota allows (no fixed number per process); each one's kernel stack is mapped only while it exists.</summary>
        public int MaxThreads;
        public int CapabilitySlotsPerProcess;
        public int MaxEndpoints;
        public int MaxChannels;
        public int EndpointQueueDepth;
        public int MaxMessages;
        public int MaxReplies;
        /// <summary>Regions each process slot's array holds from boot: enough for an ordinary program, allocated once.</summary>
        public int InitialRegionsPerProcess;
        /// <summary>The most regions one address space may have: the array doubles up to this, its pages charged to the Frames quota.</summary>
        public int MaxRegionsPerProcess;
        public int MaxMemoryObjects;
        /// <summary>Resource objects (quota shares) made by SYS_CAPABILITY_CREATE(Resource).</summary>
        public int MaxResources;
        /// <summary>The share (percent of each parent limit) a child gets when no Resource capability is granted to it.</summary>
        public int DefaultChildQuotaPercent;
        public ulong MaxMemoryObjectBytes;
        public int LogCapacity;
        /// <summary>ELF e_machine accepted by SYS_PROCESS_CREATE (62 = x86_64, 183 = AArch64).</summary>
        public ushort ElfMachine;
        /// <summary>SYS_IPC_CALL / SYS_IPC_REPLY try <see cref="Ipc.IpcFastPath"/> first (off: always the general path; the host tests run the IPC tests both ways).</summary>
        public bool IpcFastPath;

        public static KernelConfig Default
        {
            get
            {
                KernelConfig c;
                c.MaxProcesses = 32;
                c.MaxThreads = 1024;
                c.CapabilitySlotsPerProcess = 256;
                c.MaxEndpoints = 128;
                c.MaxChannels = 128;
                c.EndpointQueueDepth = 16;
                c.MaxMessages = 256;
                c.MaxReplies = 64;
                c.InitialRegionsPerProcess = 64;
                c.MaxRegionsPerProcess = 1024;
                c.MaxMemoryObjects = 64;
                c.MaxResources = 64;
                c.DefaultChildQuotaPercent = 50;
                c.MaxMemoryObjectBytes = 64UL * 1024 * 1024;
                c.LogCapacity = 16 * 1024;
                c.ElfMachine = 62;
                c.IpcFastPath = true;
                return c;
            }
        }

        /// <summary>Memory per step of table scaling: one more "default machine" worth of tables per 256 MiB.</summary>
        public const ulong BytesPerScaleStep = 256UL * 1024 * 1024;
        /// <summary>At most this many steps, so the tables (4 KiB per message buffer) stay a small part of the 64 MiB kernel heap.</summary>
        public const ulong MaxScale = 8;

        /// <summary>
        /// The tables for a machine with <paramref name="frames"/> free 4 KiB frames: the
        /// machine-wide tables (processes, threads, endpoints, channels, messages, replies,
        /// memory objects, resources) grow by one <see cref="Default"/> step per 256 MiB, up to
        /// <see cref="MaxScale"/> steps and the 16-bit handle index; today's defaults are the
        /// floor. Per-process limits (capability slots, regions) do not change; threads per
        /// process follow the Threads quota, a share of the (scaled) thread table.
        /// </summary>
        public static KernelConfig ForMachine(ulong frames)
        {
            KernelConfig c = Default;
            ulong scale = frames * Veridian.Syscalls.Abi.PageSize / BytesPerScaleStep;
            if (scale < 1)
                scale = 1;
            if (scale > MaxScale)
                scale = MaxScale;
            int s = (int)scale;
            c.MaxProcesses = Scaled(c.MaxProcesses, s);
            c.MaxThreads = Scaled(c.MaxThreads, s);
            c.MaxEndpoints = Scaled(c.MaxEndpoints, s);
            c.MaxChannels = Scaled(c.MaxChannels, s);
            c.MaxMessages = Scaled(c.MaxMessages, s);
            c.MaxReplies = Scaled(c.MaxReplies, s);
            c.MaxMemoryObjects = Scaled(c.MaxMemoryObjects, s);
            c.MaxResources = Scaled(c.MaxResources, s);
            return c;
        }

        private static int Scaled(int floor, int scale)
        {
            int n = floor * scale;
            int max = Veridian.Syscalls.HandleLayout.MaxIndex + 1;
            return n > max ? max : n;
        }
    }
}
