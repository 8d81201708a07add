using System;
using System.Collections.Generic;
using Stopwatch = System.Diagnostics.Stopwatch;
using Veridian.Kernel;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Process = Veridian.Kernel.Tasks.Process;
using Thread = Veridian.Kernel.Tasks.Thread;

namespace Veridian.Tests.Fuzz
{
    /// <summary>
    /// One fuzz world: a fresh kernel with init and three children joined by channels, driven
    /// by a list of <see cref="FuzzStep"/>s. After every step it checks that no exception left
    /// kernel code, that the step finished within the watchdog bound, that rights never grew
    /// (every capability's rights are a subset of its parent's in the derivation tree, whether
    /// derived, transferred, granted or created under a Resource) and that quotas stayed within
    /// their limits; it tracks every message it sent with a serial and fails on one delivered
    /// twice or lost. At the end it ends every process and checks that every frame, page
    /// table, capability, object, message buffer, timer and run-queue entry is back.
    /// </summary>
    public sealed class FuzzWorld
    {
        public const ulong AreaBase = 0x3000_0000;
        private const int AreaPagesPerThread = 4;
        private const int AreaThreads = 16;
        private const ulong ImageBase = 0x3100_0000;
        private const ulong CodeBase = 0x3200_0000;
        private const ulong StackBase = 0x3201_0000;
        private const ulong StackSize = 0x4000;
        private const ulong Magic = 0x5645_5249_4449_414E; // "VERIDIAN"

        public static long WatchdogMilliseconds = 2000;
        /// <summary>How often each (syscall, result) happened, across worlds: what the fuzzer reaches.</summary>
        public static readonly Dictionary<string, int> Outcomes = new();

        private readonly TestKernel tk;
        private readonly KernelServices k;
        private readonly int totalFrames;
        private readonly byte[] validImage = ElfBuilder.WithData().Build();
        private readonly HashSet<ulong> prepared = new();
        private readonly Dictionary<ulong, int> threadSlots = new();
        private readonly Dictionary<ulong, int> nextThreadSlot = new();
        private readonly List<ulong> seenTokens = new();
        private readonly List<ulong> seenIds = new();
        private readonly Dictionary<ulong, ulong> accepted = new();   // serial → destination endpoint id
        private readonly HashSet<ulong> received = new();
        private readonly Dictionary<ulong, (ulong Buffer, Process Process)> pendingReceives = new(); // thread id → where it receives
        private ulong nextSerial = 1;
        private bool deliveryAmbiguous;

        public string Failure { get; private set; }
        /// <summary>How far the world got: syscalls that succeeded, blocked; messages sent and received with a serial.</summary>
        public int Succeeded { get; private set; }
        public int Blocked { get; private set; }
        public int MessagesAccepted => accepted.Count;
        public int MessagesReceived => received.Count;
        public int StepsRun { get; private set; }

        public FuzzWorld()
        {
            tk = new TestKernel(null, frames: 2048);
            k = tk.K;
            totalFrames = tk.Platform.SimFrames.Total;
            Thread init = tk.InitThread;
            for (int i = 0; i < 3; i++)
            {
                var mine = tk.NewEndpoint(init);
                var theirs = tk.NewEndpoint(init);
                tk.NewChannel(init, mine, theirs);
                ulong share = tk.Ok(init, SyscallNumber.CapabilityCreate, (ulong)ObjectType.Resource, 30, Rights.ValidMask, tk.RootResource.Raw);
                var (_, main) = tk.Spawn(init, theirs.Cap, new Capability(share), tk.ConsoleCap);
                tk.NewThread(main);
            }
        }

        /// <summary>Runs the steps; stops at the first failure. Then tears the world down and checks the baseline.</summary>
        public string Run(IReadOnlyList<FuzzStep> steps)
        {
            for (int i = 0; i < steps.Count && Failure == null; i++)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    RunStep(steps[i]);
                }
                catch (Exception e)
                {
                    Fail($"exception out of the kernel at step {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    break;
                }
                if (watch.ElapsedMilliseconds > WatchdogMilliseconds)
                    Fail($"watchdog: step {i} took {watch.ElapsedMilliseconds} ms");
                StepsRun = i + 1;
                if (Failure == null)
                    CheckInvariants(i);
            }
            if (Failure == null)
                CheckNothingLost();
            if (Failure == null)
                TearDownAndCheckBaseline();
            return Failure;
        }

        private void Fail(string why)
        {
            Failure ??= why;
        }

        // ---- steps ----

        private void RunStep(FuzzStep s)
        {
            if (s.Kind == StepKind.AdvanceTime)
            {
                k.AdvanceTime(s.Value);
                CollectCompletions();
                return;
            }
            Thread t = ReadyThread(s.Thread);
            if (t == null)
            {
                k.AdvanceTime(1_000_000_000);
                CollectCompletions();
                return;
            }
            Prepare(t);
            switch (s.Kind)
            {
                case StepKind.PageFault:
                    k.Tasks.HandlePageFault(t, s.Value, (s.Value & 1) != 0 ? ProtectionFlags.Write : ProtectionFlags.Read);
                    break;
                case StepKind.Kill:
                    k.Tasks.KillProcess(t.Process, FaultCode.PageFault, 0);
                    break;
                default:
                    Syscall(t, s);
                    break;
            }
            CollectCompletions();
        }

        private Thread ReadyThread(int pick)
        {
            int n = k.Scheduler.ReadyCount;
            return n == 0 ? null : k.Scheduler.At(pick % n);
        }

        private void Syscall(Thread t, FuzzStep s)
        {
            Process p = t.Process;
            var a = new ulong[8];
            for (int i = 0; i < 8; i++)
                a[i] = Resolve(t, s.Args[i]);
            ulong serial = 0;
            ulong destination = 0;
            switch (s.Number)
            {
                case SyscallNumber.ProcessCreate:
                    if (s.Args[0].Kind == ArgKind.ValidImage || s.Args[0].Kind == ArgKind.CorruptImage)
                    {
                        a[1] = (ulong)validImage.Length;
                        if (s.Args[0].Kind == ArgKind.CorruptImage)
                            Corrupt(p, s.Args[0].Pick);
                    }
                    a[3] %= 4;
                    a[5] %= 4;
                    break;
                case SyscallNumber.ThreadCreate:
                    if (s.Args[1].Kind == ArgKind.StackAddress)
                        a[2] = StackSize;
                    break;
                case SyscallNumber.IpcSend:
                    if (s.Args[1].Kind == ArgKind.SendArea)
                        a[2] = 16 + (a[2] % 64);
                    serial = StampSerial(p, a[1], a[2], new ChannelId(a[0]), new Capability(a[4]), out destination);
                    break;
                case SyscallNumber.IpcCall:
                    if (s.Args[1].Kind == ArgKind.SendArea)
                        a[2] = 16 + (a[2] % 64);
                    if (s.Args[3].Kind == ArgKind.ReceiveArea)
                        a[4] %= 8192;
                    serial = StampSerial(p, a[1], a[2], new ChannelId(a[0]), new Capability(a[7]), out destination);
                    ulong args = Area(t, 3);
                    UserMemory.CopyOut(p.Memory, args, Bytes(new IpcCallArgs(new ChannelId(a[0]), a[1], a[2], a[3], a[4], a[5], new Capability(a[6]), new Capability(a[7]))), true);
                    a[0] = s.Args[0].Pick % 9 == 0 ? a[5] : args;
                    a[1] = Area(t, 2) + 64;
                    break;
            }

            var frame = new SyscallFrame((ulong)s.Number, a[0], a[1], a[2], a[3], a[4], a[5]);
            SyscallOutcome o = SyscallDispatcher.Dispatch(k, t, ref frame);
            if (o == SyscallOutcome.Completed && !ErrorLedger.IsDeclared(frame.Number, frame.Return, out string undeclared))
                Fail(undeclared);

            string key = $"{s.Number}:{(o == SyscallOutcome.Completed ? SyscallReturn.GetError(frame.Return).ToString() : o.ToString())}";
            lock (Outcomes)
                Outcomes[key] = Outcomes.TryGetValue(key, out int c) ? c + 1 : 1;
            if (o == SyscallOutcome.Blocked)
                Blocked++;
            else if (o == SyscallOutcome.Completed && !SyscallReturn.IsError(frame.Return))
                Succeeded++;
            if (serial != 0 && o != SyscallOutcome.Exited && !SyscallReturn.IsError(o == SyscallOutcome.Completed ? frame.Return : 0))
                accepted[serial] = destination;
            if (s.Number == SyscallNumber.IpcReceive)
            {
                // A result struct written over the buffer's first bytes erases the serial: not a loss.
                if (a[5] < a[1] + 16 && a[1] < a[5] + 32)
                    deliveryAmbiguous = true;
                if (o == SyscallOutcome.Completed && !SyscallReturn.IsError(frame.Return))
                    ReadSerial(p, a[1], SyscallReturn.GetValue(frame.Return));
                else if (o == SyscallOutcome.Blocked)
                    pendingReceives[t.Id.Raw] = (a[1], p);
            }
            ClearMagic(p, Area(t, 0));
        }

        private static unsafe byte[] Bytes<T>(T v) where T : unmanaged
        {
            var b = new byte[sizeof(T)];
            fixed (byte* d = b)
                *(T*)d = v;
            return b;
        }

        /// <summary>Writes magic + a fresh serial at the start of a send buffer that is ours, and works out where the message would go.</summary>
        private ulong StampSerial(Process p, ulong buffer, ulong length, ChannelId channel, Capability endCap, out ulong destination)
        {
            destination = 0;
            if (length < 16 || !p.Memory.IsMappedWith(buffer, buffer + 16, ProtectionFlags.Read))
                return 0;
            if (p.Capabilities.Lookup(endCap, out int slot) != SyscallError.Success || p.Capabilities.ObjectAt(slot) is not Endpoint end)
                return 0;
            Channel ch = k.LookupChannel(channel);
            Endpoint dest = ch?.Peer(end);
            if (dest == null)
                return 0;
            ulong serial = nextSerial++;
            if (UserMemory.CopyOut(p.Memory, buffer, Bytes((Magic, serial)), true) != SyscallError.Success)
                return 0;
            destination = dest.Id.Raw;
            return serial;
        }

        private void ReadSerial(Process p, ulong buffer, ulong length)
        {
            if (length < 16)
                return;
            // Read through the page table, not as the process: the buffer may be write-only.
            if ((buffer & (Abi.PageSize - 1)) > Abi.PageSize - 16
                || p.Memory.Resolve(buffer, ProtectionFlags.None, true, out ulong frame) != SyscallError.Success)
            {
                deliveryAmbiguous = true;   // delivered where we cannot look: no loss verdict for this world
                return;
            }
            byte[] b = tk.Platform.FrameBytes(frame).Slice((int)(buffer & (Abi.PageSize - 1)), 16).ToArray();
            if (BitConverter.ToUInt64(b, 0) != Magic)
                return;
            ulong serial = BitConverter.ToUInt64(b, 8);
            if (!received.Add(serial))
                Fail($"message {serial} delivered twice");
            if (!accepted.ContainsKey(serial))
                Fail($"message {serial} delivered but its send did not succeed");
            ClearMagic(p, buffer);
        }

        private void ClearMagic(Process p, ulong at)
        {
            // Only pages already present: clearing must not fault anything in (that would change the world).
            if (p.Live && p.Memory.Table != null && p.Memory.Table.Query(at & ~(Abi.PageSize - 1), out _, out _))
                UserMemory.CopyOut(p.Memory, at, new byte[8], true);
        }

        /// <summary>Blocked receivers woken during the step: read what they got (once per buffer: two in one buffer make delivery ambiguous).</summary>
        private void CollectCompletions()
        {
            if (pendingReceives.Count == 0)
                return;
            var done = new List<ulong>();
            var buffers = new HashSet<(Process, ulong)>();
            foreach (var (id, (buffer, process)) in pendingReceives)
            {
                Thread t = k.LookupThread(new ThreadId(id));
                if (t != null && t.State == ThreadState.Blocked && t.Wait != null && t.Wait.Kind == WaitKind.Receive)
                    continue;
                done.Add(id);
                if (t == null || !process.Live || SyscallReturn.IsError(t.ReturnValue))
                    continue;
                if (!buffers.Add((process, buffer)))
                    deliveryAmbiguous = true;
                ReadSerial(process, buffer, SyscallReturn.GetValue(t.ReturnValue));
            }
            foreach (ulong id in done)
                pendingReceives.Remove(id);
        }

        // ---- arguments ----

        /// <summary>Gives a process the fuzzer's areas (per-thread buffers, images, code, stack) the first time one of its threads acts.</summary>
        private void Prepare(Thread t)
        {
            Process p = t.Process;
            if (prepared.Add(p.Id.Raw))
            {
                AddressSpace m = p.Memory;
                ulong areaEnd = AreaBase + AreaThreads * AreaPagesPerThread * Abi.PageSize;
                if (m.IsFree(AreaBase, areaEnd))
                    m.MapRegion(AreaBase, areaEnd, ProtectionFlags.Read | ProtectionFlags.Write, ProtectionFlags.All, null, 0, false);
                if (m.IsFree(ImageBase, ImageBase + 0x8000))
                {
                    m.MapRegion(ImageBase, ImageBase + 0x8000, ProtectionFlags.Read, ProtectionFlags.All, null, 0, false);
                    UserMemory.CopyOut(m, ImageBase, validImage, true);
                }
                if (m.IsFree(CodeBase, StackBase + StackSize))
                {
                    m.MapRegion(CodeBase, CodeBase + Abi.PageSize, ProtectionFlags.Read | ProtectionFlags.Exec, ProtectionFlags.All, null, 0, false);
                    m.MapRegion(StackBase, StackBase + StackSize, ProtectionFlags.Read | ProtectionFlags.Write, ProtectionFlags.All, null, 0, false);
                }
            }
            if (!threadSlots.ContainsKey(t.Id.Raw))
            {
                nextThreadSlot.TryGetValue(p.Id.Raw, out int n);
                threadSlots[t.Id.Raw] = n % AreaThreads;
                nextThreadSlot[p.Id.Raw] = n + 1;
            }
        }

        private ulong Area(Thread t, int page)
        {
            threadSlots.TryGetValue(t.Id.Raw, out int slot);
            return AreaBase + ((ulong)slot * AreaPagesPerThread + (ulong)page) * Abi.PageSize;
        }

        private void Corrupt(Process p, int pick)
        {
            var image = (byte[])validImage.Clone();
            var r = new Random(pick);
            int flips = 1 + r.Next(4);
            for (int i = 0; i < flips; i++)
            {
                int at = r.Next(3) == 0 ? r.Next(image.Length) : r.Next(64 + 56 * 2);
                image[at] ^= (byte)(1 << r.Next(8));
            }
            UserMemory.CopyOut(p.Memory, ImageBase + 0x4000, image, true);
        }

        private ulong Resolve(Thread t, FuzzArg arg)
        {
            Process p = t.Process;
            switch (arg.Kind)
            {
                case ArgKind.Raw: return arg.Raw;
                case ArgKind.ValidToken: return Pick(TokensOf(p), arg.Pick);
                case ArgKind.ForeignToken:
                {
                    Process other = OtherProcess(p, arg.Pick);
                    return other == null ? arg.Raw : Pick(TokensOf(other), arg.Pick / 7);
                }
                case ArgKind.StaleToken: return Pick(seenTokens, arg.Pick);
                case ArgKind.ForgedToken:
                {
                    ulong v = Pick(TokensOf(p), arg.Pick);
                    switch (arg.Pick % 4)
                    {
                        case 0: return v ^ (1UL << (48 + arg.Pick % 8));
                        case 1: return v + (1UL << 16);
                        case 2: return v | (1UL << 60);
                        default: return (ulong)arg.Pick * 0x9E37_79B9_7F4A_7C15;
                    }
                }
                case ArgKind.EndpointId: return PickLive(k.Ipc.Endpoints, arg.Pick, e => e.Id.Raw);
                case ArgKind.ChannelId: return PickLive(k.Ipc.Channels, arg.Pick, c => c.Id.Raw);
                case ArgKind.ProcessId: return PickLive(k.Tasks.Processes, arg.Pick, x => x.Id.Raw, x => x.Parent == p);
                case ArgKind.ThreadId: return PickLive(k.Tasks.Threads, arg.Pick, x => x.Id.Raw, x => x.Process == p);
                case ArgKind.ReplyToken: return PickLive(k.Ipc.Replies, arg.Pick, x => x.Token.Raw, x => x.Server == p);
                case ArgKind.SendArea: return Area(t, 0);
                case ArgKind.ReceiveArea: return Area(t, 1);
                case ArgKind.OutArea: return Area(t, 2) + (arg.Raw & ~7UL) % 256;
                case ArgKind.MappedAddress:
                {
                    AddressSpace m = p.Memory;
                    if (m.RegionCount == 0)
                        return arg.Raw;
                    Region r = m.RegionAt(arg.Pick % m.RegionCount);
                    return r.Start + (arg.Raw % r.Pages) * Abi.PageSize;
                }
                case ArgKind.AcrossMappingEnd:
                {
                    AddressSpace m = p.Memory;
                    return m.RegionCount == 0 ? Abi.UserEnd - 8 : m.RegionAt(arg.Pick % m.RegionCount).End - 8;
                }
                case ArgKind.Unmapped: return 0x5555_0000_0000UL + (ulong)arg.Pick * Abi.PageSize;
                case ArgKind.KernelHalf: return 0xFFFF_8000_0000_0000UL + arg.Raw;
                case ArgKind.NonCanonical: return 0x0000_8000_0000_0000UL + (ulong)arg.Pick * Abi.PageSize;
                case ArgKind.UserTop: return Abi.UserEnd - 16;
                case ArgKind.ValidImage: return ImageBase;
                case ArgKind.CorruptImage: return ImageBase + 0x4000;
                case ArgKind.CodeAddress: return CodeBase;
                case ArgKind.StackAddress: return StackBase;
                case ArgKind.Length: return Lengths[arg.Pick % Lengths.Length];
                case ArgKind.Timeout: return Timeouts[arg.Pick % Timeouts.Length];
                case ArgKind.Protection: return (ulong)(arg.Pick % 8);
                case ArgKind.MapFlags:
                {
                    ulong f = arg.Pick % 5 == 0 ? (ulong)MapFlags.Shared : (ulong)(MapFlags.Private | MapFlags.Anonymous);
                    if (arg.Pick % 3 == 0)
                        f |= (ulong)MapFlags.Populate;
                    if (arg.Pick % 7 == 0)
                        f |= (ulong)MapFlags.Fixed;
                    return f;
                }
                case ArgKind.RightsMask: return (ulong)(arg.Pick % 64);
                case ArgKind.ObjectKind: return (ulong)(arg.Pick % 3 == 0 ? arg.Pick % 9 : 2 + arg.Pick % 2);
                case ArgKind.Zero: return 0;
                case ArgKind.EndpointToken:
                {
                    var (token, _) = HeldEndpoint(p, arg.Pick);
                    return token;
                }
                case ArgKind.HeldEndpointId:
                {
                    var (_, e) = HeldEndpoint(p, arg.Pick);
                    return e == null ? 0 : e.Id.Raw;
                }
                case ArgKind.ChannelOfHeld:
                {
                    var held = HeldEndpoints(p);
                    if (held.Count == 0)
                        return 0;
                    Endpoint end = held[arg.Pick % held.Count].Endpoint;
                    for (int i = 0; i < k.Ipc.Channels.Capacity; i++)
                    {
                        Channel c = k.Ipc.Channels.At(i);
                        if (c.Live && c.Peer(end) != null)
                            return c.Id.Raw;
                    }
                    return 0;
                }
                default: return arg.Raw;
            }
        }

        private static readonly ulong[] Lengths = { 0, 1, 8, 16, 16, 24, 32, 64, 64, 100, 4095, 4096, 4097, 8192, 1 << 20, 1UL << 46, ulong.MaxValue, 3 };
        private static readonly ulong[] Timeouts = { 0, 0, 0, 0, 1, 1000, 1_000_000, 1_000_000, 50_000_000, 50_000_000, Abi.WaitForever, ulong.MaxValue - 1 };

        /// <summary>
        /// One of the caller's endpoint capabilities, the same for the same pick (so an id and a
        /// token drawn with one pick agree); two picks in three prefer an endpoint with messages
        /// queued, as a server would, so calls get answered and queues drain.
        /// </summary>
        private (ulong Token, Endpoint Endpoint) HeldEndpoint(Process p, int pick)
        {
            var held = HeldEndpoints(p);
            if (held.Count == 0)
                return (0, null);
            if (pick % 3 != 0)
            {
                var busy = held.FindAll(h => h.Endpoint.Head != null);
                if (busy.Count > 0)
                    return busy[pick % busy.Count];
            }
            return held[pick % held.Count];
        }

        /// <summary>The caller's endpoint capabilities, in slot order, with the endpoint each names.</summary>
        private List<(ulong Token, Endpoint Endpoint)> HeldEndpoints(Process p)
        {
            var list = new List<(ulong, Endpoint)>();
            CapabilitySpace s = p.Capabilities;
            for (int i = 0; i < s.Capacity; i++)
            {
                if (k.Capabilities.At(k.Capabilities.Address(s.SpaceIndex, i)).InUse && s.ObjectAt(i) is Endpoint e)
                    list.Add((s.TokenOf(i).Raw, e));
            }
            return list;
        }

        private List<ulong> TokensOf(Process p)
        {
            var list = new List<ulong>();
            CapabilitySpace s = p.Capabilities;
            for (int i = 0; i < s.Capacity; i++)
            {
                if (k.Capabilities.At(k.Capabilities.Address(s.SpaceIndex, i)).InUse)
                {
                    ulong v = s.TokenOf(i).Raw;
                    list.Add(v);
                    if (seenTokens.Count < 4096)
                        seenTokens.Add(v);
                }
            }
            return list;
        }

        private Process OtherProcess(Process p, int pick)
        {
            var live = new List<Process>();
            for (int i = 0; i < k.Tasks.Processes.Capacity; i++)
            {
                Process x = k.Tasks.Processes.At(i);
                if (x.Live && x != p)
                    live.Add(x);
            }
            return live.Count == 0 ? null : live[pick % live.Count];
        }

        private ulong PickLive<T>(ObjectTable<T> table, int pick, Func<T, ulong> name, Func<T, bool> ours = null) where T : TableEntry
        {
            var live = new List<ulong>();
            var mine = new List<ulong>();
            for (int i = 0; i < table.Capacity; i++)
            {
                if (!table.At(i).Live)
                    continue;
                live.Add(name(table.At(i)));
                if (ours != null && ours(table.At(i)))
                    mine.Add(name(table.At(i)));
            }
            // Mostly a name the caller has authority over, when there is one.
            if (pick % 4 != 0 && mine.Count > 0)
                return Pick(mine, pick / 4);
            foreach (ulong v in live)
            {
                if (seenIds.Count < 4096)
                    seenIds.Add(v);
            }
            // One time in four a name that may be stale (it was live once).
            if (pick % 4 == 0 && seenIds.Count > 0)
                return seenIds[pick % seenIds.Count];
            return Pick(live, pick);
        }

        private static ulong Pick(List<ulong> from, int pick) => from.Count == 0 ? 0 : from[pick % from.Count];

        // ---- checks ----

        private void CheckInvariants(int step)
        {
            CapabilityTable caps = k.Capabilities;
            for (int s = 0; s <= k.Config.MaxProcesses; s++)
            {
                CapabilitySpace space = caps.Space(s);
                for (int i = 0; i < space.Capacity; i++)
                {
                    ref CapSlot c = ref caps.At(caps.Address(s, i));
                    if (!c.InUse || c.Parent < 0)
                        continue;
                    ref CapSlot parent = ref caps.At(c.Parent);
                    if (!parent.InUse)
                        Fail($"step {step}: capability {s}:{i} has a freed parent");
                    else if (!c.Rights.IsSubsetOf(parent.Rights))
                        Fail($"step {step}: capability {s}:{i} has rights its parent lacks (rights grew)");
                }
            }
            for (int i = 0; i < k.Tasks.Processes.Capacity; i++)
            {
                Process p = k.Tasks.Processes.At(i);
                if (!p.Live)
                    continue;
                for (int q = 0; q < Quota.KindCount; q++)
                {
                    long used = p.Quota.Used((QuotaKind)q);
                    if (used < 0 || used > p.Quota.Limit((QuotaKind)q))
                        Fail($"step {step}: process {i} quota {(QuotaKind)q} used {used} of {p.Quota.Limit((QuotaKind)q)}");
                }
            }
        }

        /// <summary>Every accepted message went to a receiver, or is still queued, or its endpoint closed or lost its owner.</summary>
        private void CheckNothingLost()
        {
            if (deliveryAmbiguous)
                return;
            var queued = new HashSet<ulong>();
            for (int i = 0; i < k.Ipc.Endpoints.Capacity; i++)
            {
                Endpoint e = k.Ipc.Endpoints.At(i);
                for (Message m = e.Live ? e.Head : null; m != null; m = m.Next)
                {
                    if (m.Length >= 16 && BitConverter.ToUInt64(m.Data, 0) == Magic)
                    {
                        ulong serial = BitConverter.ToUInt64(m.Data, 8);
                        if (!queued.Add(serial))
                            Fail($"message {serial} queued twice");
                        if (received.Contains(serial))
                            Fail($"message {serial} delivered and still queued");
                    }
                }
            }
            foreach (var (serial, destination) in accepted)
            {
                if (received.Contains(serial) || queued.Contains(serial))
                    continue;
                Endpoint dest = k.LookupEndpoint(new EndpointId(destination));
                if (dest != null && dest.State == EndpointState.Open)
                    Fail($"message {serial} to an endpoint that is still open was lost");
            }
        }

        private void TearDownAndCheckBaseline()
        {
            try
            {
                for (int i = k.Tasks.Processes.Capacity - 1; i >= 0; i--)
                {
                    Process p = k.Tasks.Processes.At(i);
                    if (p.Live && p != tk.Init)
                        k.Tasks.ExitProcess(p, ExitReason.Killed, -1, FaultCode.None, 0);
                }
                if (tk.Init.Live)
                    k.Tasks.ExitProcess(tk.Init, ExitReason.Killed, -1, FaultCode.None, 0);
            }
            catch (Exception e)
            {
                Fail($"exception out of the kernel during teardown: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                return;
            }
            Expect(k.LiveProcessCount, 0, "processes");
            Expect(k.LiveThreadCount, 0, "threads");
            Expect(k.LiveEndpointCount, 0, "endpoints");
            Expect(k.LiveChannelCount, 0, "channels");
            Expect(k.LiveReplyCount, 0, "replies");
            Expect(k.LiveMemoryObjectCount, 0, "memory objects");
            Expect(k.Tasks.Resources.LiveCount, 0, "resource objects");
            Expect(k.FreeMessageCount, k.Config.MaxMessages, "free message buffers");
            Expect(tk.Platform.SimFrames.FreeCount, totalFrames, "free frames");
            Expect(tk.Platform.PageTables.Count, 0, "page tables");
            Expect(k.Tasks.Timers.Count, 0, "timer queue entries");
            Expect(k.Tasks.Futexes.Count, 0, "futex waiters");
            Expect(k.Scheduler.ReadyCount, 0, "ready threads");
            for (int s = 0; s <= k.Config.MaxProcesses; s++)
                Expect(k.Capabilities.Space(s).Count, 0, $"capabilities in space {s}");
        }

        private void Expect(int actual, int expected, string what)
        {
            if (actual != expected)
                Fail($"after teardown: {what} = {actual}, expected {expected}");
        }
    }
}
