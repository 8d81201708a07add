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
    /// The kernel's state: every table (allocated here, once), the clock, the scheduler and
    /// the services that act on them. One instance per machine; the host tests make one per
    /// test over a simulated platform.
    /// </summary>
    public sealed class KernelServices
    {
        public readonly KernelConfig Config;
        public readonly MachinePlatform Platform;
        public readonly Clock Clock = new Clock();
        public readonly Scheduler Scheduler = new Scheduler();
        public readonly CapabilityTable Capabilities;
        public readonly IpcService Ipc;
        public readonly TaskService Tasks;

        public readonly ResourceObject RootResource = new ResourceObject();
        public readonly ConsoleObject Console = new ConsoleObject();
        public readonly SystemInfoObject SystemInfo = new SystemInfoObject();
        public readonly PowerObject Power = new PowerObject();
        public readonly KernelLog Log;

        internal readonly Process[] Processes;
        internal readonly Thread[] Threads;
        internal readonly Endpoint[] Endpoints;
        internal readonly Channel[] Channels;
        internal readonly ReplyObject[] Replies;
        internal readonly MemoryObject[] MemoryObjects;
        private Message freeMessages;
        private int freeMessageCount;
        private int freeReplyHead;

        /// <summary>Bounce buffer for copies between two address spaces (one CPU, syscalls do not nest).</summary>
        internal readonly byte[] Scratch = new byte[Abi.PageSize];

        public KernelServices(MachinePlatform platform, KernelConfig config)
        {
            Platform = platform;
            Config = config;
            Log = new KernelLog(config.LogCapacity);
            Capabilities = new CapabilityTable(this, config.MaxProcesses, config.CapabilitySlotsPerProcess, config.MaxMessages);
            Ipc = new IpcService(this);
            Tasks = new TaskService(this);

            Processes = new Process[config.MaxProcesses];
            for (int i = 0; i < Processes.Length; i++)
                Processes[i] = new Process(i, Capabilities.Space(i + 1), new AddressSpace(this, config.MaxRegionsPerProcess));
            Threads = new Thread[config.MaxThreads];
            for (int i = 0; i < Threads.Length; i++)
                Threads[i] = new Thread(i);
            Endpoints = new Endpoint[config.MaxEndpoints];
            for (int i = 0; i < Endpoints.Length; i++)
                Endpoints[i] = new Endpoint(i);
            Channels = new Channel[config.MaxChannels];
            for (int i = 0; i < Channels.Length; i++)
                Channels[i] = new Channel(i);
            Replies = new ReplyObject[config.MaxReplies];
            for (int i = 0; i < Replies.Length; i++)
            {
                Replies[i] = new ReplyObject(i);
                Replies[i].NextFree = i + 1 < Replies.Length ? i + 1 : -1;
            }
            freeReplyHead = Replies.Length > 0 ? 0 : -1;
            MemoryObjects = new MemoryObject[config.MaxMemoryObjects];
            for (int i = 0; i < MemoryObjects.Length; i++)
                MemoryObjects[i] = new MemoryObject(i);
            for (int i = 0; i < config.MaxMessages; i++)
            {
                Message m = new Message();
                m.Next = freeMessages;
                freeMessages = m;
            }
            freeMessageCount = config.MaxMessages;

            // The singletons are never released: the kernel holds a reference of its own.
            RootResource.References = 1;
            Console.References = 1;
            SystemInfo.References = 1;
            Power.References = 1;
            Log.References = 1;
        }

        // ---- lookups by id (generation-checked; stale ids answer null) ----

        public Process LookupProcess(ProcessId id)
        {
            uint i = id.Index;
            if (!id.IsWellFormed || i >= (uint)Processes.Length)
                return null;
            Process p = Processes[i];
            return p.State != ProcessState.Free && p.Generation == id.Generation ? p : null;
        }

        public Thread LookupThread(ThreadId id)
        {
            uint i = id.Index;
            if (!id.IsWellFormed || i >= (uint)Threads.Length)
                return null;
            Thread t = Threads[i];
            return t.State != ThreadState.Free && t.Generation == id.Generation ? t : null;
        }

        public Endpoint LookupEndpoint(EndpointId id)
        {
            uint i = id.Index;
            if (!id.IsWellFormed || i >= (uint)Endpoints.Length)
                return null;
            Endpoint e = Endpoints[i];
            return e.State != EndpointState.Free && e.Generation == id.Generation ? e : null;
        }

        public Channel LookupChannel(ChannelId id)
        {
            uint i = id.Index;
            if (!id.IsWellFormed || i >= (uint)Channels.Length)
                return null;
            Channel c = Channels[i];
            return c.Live && c.Generation == id.Generation ? c : null;
        }

        public ReplyObject LookupReply(ReplyToken token)
        {
            uint i = token.Index;
            if (!token.IsWellFormed || i >= (uint)Replies.Length)
                return null;
            ReplyObject r = Replies[i];
            return r.State != ReplyState.Free && r.Generation == token.Generation ? r : null;
        }

        // ---- pools ----

        internal Message AllocateMessage()
        {
            Message m = freeMessages;
            if (m == null)
                return null;
            freeMessages = m.Next;
            freeMessageCount--;
            m.Next = null;
            m.Length = 0;
            m.TransitCapability = -1;
            m.Reply = -1;
            return m;
        }

        internal void FreeMessage(Message m)
        {
            m.Next = freeMessages;
            freeMessages = m;
            freeMessageCount++;
        }

        public int FreeMessageCount => freeMessageCount;

        internal ReplyObject AllocateReply()
        {
            int i = freeReplyHead;
            if (i < 0)
                return null;
            ReplyObject r = Replies[i];
            freeReplyHead = r.NextFree;
            r.NextFree = -1;
            return r;
        }

        internal void FreeReply(ReplyObject r)
        {
            r.State = ReplyState.Free;
            r.Caller = null;
            r.Server = null;
            r.Generation = HandleLayout.NextGeneration(r.Generation);
            r.NextFree = freeReplyHead;
            freeReplyHead = r.Index;
        }

        internal Endpoint AllocateEndpoint(Process owner)
        {
            for (int i = 0; i < Endpoints.Length; i++)
            {
                Endpoint e = Endpoints[i];
                if (e.State == EndpointState.Free && e.References == 0)
                {
                    e.State = EndpointState.Open;
                    e.Owner = owner;
                    return e;
                }
            }
            return null;
        }

        internal Channel AllocateChannel()
        {
            for (int i = 0; i < Channels.Length; i++)
            {
                if (!Channels[i].Live)
                {
                    Channels[i].Live = true;
                    return Channels[i];
                }
            }
            return null;
        }

        /// <summary>A memory object of <paramref name="pages"/> zeroed frames. OutOfMemory / ResourceExhausted.</summary>
        internal SyscallError AllocateMemoryObject(ulong pages, out MemoryObject obj)
        {
            obj = null;
            for (int i = 0; i < MemoryObjects.Length; i++)
            {
                if (!MemoryObjects[i].Live && MemoryObjects[i].References == 0)
                {
                    obj = MemoryObjects[i];
                    break;
                }
            }
            if (obj == null)
                return SyscallError.ResourceExhausted;
            if (pages > (ulong)Platform.Frames.FreeCount)
                return SyscallError.OutOfMemory;
            ulong[] frames = new ulong[pages];
            for (ulong p = 0; p < pages; p++)
            {
                if (!Platform.Frames.TryAllocate(out frames[p]))
                {
                    for (ulong q = 0; q < p; q++)
                        Platform.Frames.Free(frames[q]);
                    Objects.Free(frames);
                    obj = null;
                    return SyscallError.OutOfMemory;
                }
                Platform.FrameBytes(frames[p]).Clear();
            }
            obj.Frames = frames;
            obj.PageCount = pages;
            obj.Live = true;
            return SyscallError.Success;
        }

        // ---- object lifetime ----

        /// <summary>Drops one reference (a capability or a mapping); the last one releases the object.</summary>
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
                    MemoryObject m = (MemoryObject)obj;
                    for (ulong p = 0; p < m.PageCount; p++)
                        Platform.Frames.Free(m.Frames[p]);
                    Objects.Free(m.Frames);
                    m.Frames = null;
                    m.PageCount = 0;
                    m.Live = false;
                    break;
                default:
                    break;
            }
        }

        // ---- counts, for tests and diagnostics ----

        public int LiveEndpointCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Endpoints.Length; i++)
                    if (Endpoints[i].State != EndpointState.Free)
                        n++;
                return n;
            }
        }

        public int LiveChannelCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Channels.Length; i++)
                    if (Channels[i].Live)
                        n++;
                return n;
            }
        }

        public int LiveMemoryObjectCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < MemoryObjects.Length; i++)
                    if (MemoryObjects[i].Live)
                        n++;
                return n;
            }
        }

        public int LiveProcessCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Processes.Length; i++)
                    if (Processes[i].State != ProcessState.Free)
                        n++;
                return n;
            }
        }

        public int LiveThreadCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Threads.Length; i++)
                    if (Threads[i].State != ThreadState.Free)
                        n++;
                return n;
            }
        }

        public int LiveReplyCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Replies.Length; i++)
                    if (Replies[i].State != ReplyState.Free)
                        n++;
                return n;
            }
        }

        /// <summary>The plugs delivered typed bytes into <see cref="ConsoleObject.Input"/>: serve blocked readers.</summary>
        public void ConsoleInputArrived()
        {
            if (!Console.Readers.IsEmpty && Console.Input.Count > 0)
                Console.Readers.Deliver(this, Console.Input);
        }

        // ---- time ----

        /// <summary>
        /// The timer path: advances the monotonic clock and completes every wait whose deadline
        /// has passed (sleeps with Success, everything else with Timeout), in thread-table order.
        /// </summary>
        public void AdvanceTime(ulong nanoseconds)
        {
            Clock.Advance(nanoseconds);
            ulong now = Clock.Monotonic;
            for (int i = 0; i < Threads.Length; i++)
            {
                Thread t = Threads[i];
                if (t.State == ThreadState.Blocked && t.Deadline <= now)
                {
                    SyscallError e = t.Wait == WaitKind.Sleep ? SyscallError.Success : SyscallError.Timeout;
                    Tasks.CancelWait(t);
                    Tasks.Wake(t, e, 0);
                }
            }
        }
    }
}
