using Veridian.Kernel.Caps;
using Veridian.Kernel.Io;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Platform;
using Veridian.Kernel.Tasks;
using Veridian.Kernel.Time;
using Veridian.Syscalls;

namespace Veridian.Kernel
{
    /// <summary>
    /// The kernel's state, wired together: the clock, the scheduler, the capability table and
    /// the services, each of which owns the tables and the lifecycle of its own objects
    /// (<see cref="TaskService"/>: processes and threads; <see cref="IpcService"/>: endpoints,
    /// channels, messages, replies; <see cref="MemoryObjectService"/>: memory objects). One
    /// instance per machine; the host tests make one per test over a simulated platform.
    /// </summary>
    public sealed class KernelServices
    {
        public readonly KernelConfig Config;
        /// <summary>Kernel command line <c>boottime</c>: report the machine time of the first console read that waits (the first prompt).</summary>
        public bool ReportBootTime;
        public readonly MachinePlatform Platform;
        public readonly Clock Clock = new Clock();
        public readonly Scheduler Scheduler = new Scheduler();
        public readonly CapabilityTable Capabilities;
        public readonly IpcService Ipc;
        public readonly TaskService Tasks;
        public readonly MemoryObjectService MemoryObjects;

        public readonly ResourceObject RootResource = new ResourceObject();
        public readonly ConsoleObject Console;
        public readonly SystemInfoObject SystemInfo = new SystemInfoObject();
        public readonly PowerObject Power = new PowerObject();
        public readonly KernelLog Log;

        /// <summary>Bounce buffer for copies between two address spaces (one CPU, syscalls do not nest).</summary>
        internal readonly byte[] Scratch = new byte[Abi.PageSize];

        public KernelServices(MachinePlatform platform, KernelConfig config)
        {
            Platform = platform;
            Config = config;
            Log = new KernelLog(config.LogCapacity);
            Capabilities = new CapabilityTable(this, config.MaxProcesses, config.CapabilitySlotsPerProcess, config.MaxMessages);
            // Tasks first: the other services make their waits over its thread slots.
            Tasks = new TaskService(this);
            Ipc = new IpcService(this);
            MemoryObjects = new MemoryObjectService(this);
            Console = new ConsoleObject(this);

            // The singletons are never released: the kernel holds a reference of its own.
            RootResource.References = 1;
            Console.References = 1;
            SystemInfo.References = 1;
            Power.References = 1;
            Log.References = 1;
        }

        // ---- lookups by id (generation-checked; stale ids answer null) ----

        public Process LookupProcess(ProcessId id) => Tasks.Processes.Lookup(id.IsWellFormed, id.Index, id.Generation);

        public Thread LookupThread(ThreadId id) => Tasks.Threads.Lookup(id.IsWellFormed, id.Index, id.Generation);

        public Endpoint LookupEndpoint(EndpointId id) => Ipc.Endpoints.Lookup(id.IsWellFormed, id.Index, id.Generation);

        public Channel LookupChannel(ChannelId id) => Ipc.Channels.Lookup(id.IsWellFormed, id.Index, id.Generation);

        public ReplyObject LookupReply(ReplyToken token) => Ipc.Replies.Lookup(token.IsWellFormed, token.Index, token.Generation);

        /// <summary>
        /// A memory object the kernel makes for itself (boot images and the like), charged to no
        /// process's quota. Objects made for a process go through <see cref="MemoryObjectService.Create"/> with its quota.
        /// </summary>
        internal SyscallError AllocateMemoryObject(ulong pages, out MemoryObject obj) => MemoryObjects.Create(null, pages, out obj);

        // ---- object lifetime ----

        /// <summary>Drops one reference (a capability or a mapping); the last one releases the object through its service.</summary>
        public void ReleaseReference(KernelObject obj)
        {
            obj.References--;
            if (obj.References > 0)
                return;
            if (obj.References < 0)
                throw new System.InvalidOperationException("kernel object reference count below zero");
            switch (obj.Type)
            {
                case ObjectType.Endpoint:
                    Ipc.DestroyEndpoint((Endpoint)obj);
                    break;
                case ObjectType.Memory:
                    MemoryObjects.Destroy((MemoryObject)obj);
                    break;
                case ObjectType.Resource:
                    Tasks.DestroyResource((ResourceObject)obj);
                    break;
                default:
                    break;
            }
        }

        /// <summary>
        /// True if the kernel heap can give <paramref name="bytes"/> to a table that grows at run
        /// time (a process's region array) and still keep an eighth of itself free: the heap is
        /// fixed at boot and a failed `new` is a panic, so growth on a user's behalf stops short of
        /// it and becomes OutOfMemory instead. A platform without such a heap (the host) says 0
        /// bytes and is never short.
        /// </summary>
        public bool HeapCanSpare(ulong bytes)
        {
            ulong size = Platform.HeapBytes;
            if (size == 0)
                return true;
            ulong used = Platform.HeapBytesInUse;
            return used < size && size - used >= bytes + size / 8;
        }

        // ---- counts, for tests and diagnostics ----

        public int LiveEndpointCount => Ipc.Endpoints.LiveCount;
        public int LiveChannelCount => Ipc.Channels.LiveCount;
        public int LiveReplyCount => Ipc.Replies.LiveCount;
        public int FreeMessageCount => Ipc.Messages.Capacity - Ipc.Messages.LiveCount;
        public int LiveMemoryObjectCount => MemoryObjects.Objects.LiveCount;
        public int LiveProcessCount => Tasks.Processes.LiveCount;
        public int LiveThreadCount => Tasks.Threads.LiveCount;

        /// <summary>
        /// A process is ending (its threads are gone, its capabilities and memory not yet): the
        /// services above the task service let go of it. The console's hand-over ends with either
        /// side (readers it kept waiting are served); IPC fails the calls it was serving and
        /// closes the endpoints it owns. Here, not in TaskService, so Tasks depends on none of them.
        /// </summary>
        internal void ProcessEnding(Process p)
        {
            if (Console.ProcessGone(p))
                ConsoleInputArrived();
            Ipc.ProcessGone(p);
        }

        /// <summary>The plugs delivered typed bytes into <see cref="ConsoleObject.Input"/>: serve blocked readers.</summary>
        public void ConsoleInputArrived()
        {
            if (!Console.Readers.IsEmpty && (Console.Input.Count > 0 || Console.Input.Interrupts > 0))
                Console.Readers.Deliver(this, Console);
        }

        // ---- time ----

        /// <summary>
        /// The timer interrupt: advances the monotonic clock and lets the task service complete
        /// every timed wait whose deadline has passed.
        /// </summary>
        public void AdvanceTime(ulong nanoseconds)
        {
            Clock.Advance(nanoseconds);
            Tasks.ExpireDeadlines(Clock.Monotonic);
        }
    }
}
