using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// Kernel command line <c>fuzz SEED COUNT [PROCESSES]</c> (docs/testing.md "The ring-3 syscall
    /// fuzzer"): init takes a snapshot of free memory and of every kernel object count, starts
    /// PROCESSES fuzz processes (4 by default) making COUNT calls between them, watches their
    /// progress through the control page, and once all are reaped and what it made for them is
    /// revoked, checks that the snapshot is back. Prints <c>fuzz: N calls, K kernel faults</c>;
    /// exits 0 (QEMU 33) only with no kernel fault and nothing leaked.
    /// </summary>
    internal static unsafe class FuzzRun
    {
        private const ulong Second = 1_000_000_000;
        private const int StallSeconds = 60, ProgressSeconds = 30, SettleSeconds = 10;

        // Free frames, and init's resident pages beside them: a difference there is init's own, not the kernel's.
        private struct Snapshot
        {
            public MemoryInfo Memory;
            public ObjectCounts Objects;
            public ulong InitResident;
        }

        public static int Run(string commandLine)
        {
            int at = WordAfter(commandLine, "fuzz");
            ulong seed = Next(commandLine, ref at, 1), count = Next(commandLine, ref at, 20000), processes = Next(commandLine, ref at, 4);
            if (processes < 1 || processes > FuzzControl.MaxProcesses)
            {
                Console.WriteLine("fuzz: PROCESSES must be 1..8");
                return 1;
            }
            int image = Init.Modules.Find("fuzz");
            if (image < 0 || !Init.Modules.Map(image).IsOk)
            {
                Console.WriteLine("init: no fuzz module");
                return 1;
            }
            int p = (int)processes;
            Console.Write("fuzz: seed ");
            Console.WriteDecimal(seed);
            Console.Write(", ");
            Console.WriteDecimal(count);
            Console.Write(" calls, ");
            Console.WriteDecimal(processes);
            Console.Write(" processes x ");
            Console.WriteDecimal((ulong)FuzzControl.Threads);
            Console.WriteLine(" threads");

            // Everything init itself needs is made before the snapshot, so init's own memory does not move it.
            var pids = new ProcessId[p];
            var ended = new bool[p];
            var infos = new ProcessExitInfo[p];
            var lastCalls = new ulong[p];
            var stalled = new int[p];
            var killed = new bool[p];
            var page = new byte[FuzzControl.Size];
            var args = new string[p][];
            var caps = new Capability[p][];
            var rings = new EndpointCreateResult[p];
            var channels = new ulong[p];
            var resources = new Capability[p];
            Prefault(Init.Modules.Map(image).Value, Init.Modules.Sizes[image]);
            Snapshot before = Take(), after = default;

            SysResult<Capability> control = Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(FuzzControl.Size), Rights.All, Init.Root);
            if (!control.IsOk) { Report.Error("fuzz: cannot make the control page", control.Error); return 1; }
            for (int i = 0; i < p; i++)
            {
                SysResult<EndpointCreateResult> e = Sys.IpcEndpointCreate();
                SysResult<Capability> r = Sys.CapabilityCreate(ObjectType.Resource, new ObjectId((ulong)(80 / p)), Rights.All, Init.Root);
                if (!e.IsOk || !r.IsOk) { Console.WriteLine("fuzz: cannot make the endpoints and resources"); return 1; }
                rings[i] = e.Value;
                resources[i] = r.Value;
            }
            // A ring of channels, process i to i+1, so calls, replies and capabilities cross processes.
            for (int i = 0; i < p && p > 1 && !(p == 2 && i == 1); i++)
            {
                int j = (i + 1) % p;
                SysResult<ChannelId> c = Sys.IpcChannelCreate(rings[i].Endpoint, rings[j].Endpoint, rings[i].Capability, rings[j].Capability);
                channels[i] = c.IsOk ? c.Value.Raw : 0;
            }
            ulong perProcess = count / processes;
            for (int i = 0; i < p; i++)
            {
                ulong share = perProcess + (i == 0 ? count % processes : 0);
                ulong previous = p == 1 ? 0 : channels[p == 2 ? 0 : (i + p - 1) % p];
                args[i] = new[] { "fuzz", "worker", Text.Decimal(seed), Text.Decimal(share), Text.Decimal((ulong)i),
                    Init.Modules.SizeText(image), Text.Decimal(rings[i].Endpoint.Raw), Text.Decimal(channels[i]), Text.Decimal(previous) };
                caps[i] = new[] { Init.ConsoleCap, Init.Modules.ImageCapability(image), resources[i], control.Value, Init.Log, Init.SystemInfo, rings[i].Capability };
                SysResult run = Init.Modules.Run(image, args[i], caps[i]);
                if (!run.IsOk) { Report.Error("fuzz: cannot start a fuzz process", run.Error); return 1; }
                pids[i] = new ProcessId(run.Value);
            }

            ulong kernelFaults = 0, calls = 0;
            for (int second = 1, left = p; left > 0; second++)
            {
                Sys.Nanosleep(new Timespec(1, 0));
                Sys.Read(control.Value, page, 0);
                calls = 0;
                for (int i = 0; i < p; i++)
                {
                    ulong made = Calls(page, i);
                    calls += made;
                    if (ended[i]) continue;
                    SysResult<ProcessExitInfo> w = Sys.WaitProcess(pids[i], 0);
                    if (w.IsOk) { ended[i] = true; infos[i] = w.Value; left--; continue; }
                    stalled[i] = made == lastCalls[i] ? stalled[i] + 1 : 0;
                    lastCalls[i] = made;
                    if (stalled[i] < StallSeconds || killed[i]) continue;
                    Console.Write("fuzz: process ");
                    Console.WriteDecimal((ulong)i);
                    Console.WriteLine(" made no call for a minute: killed");
                    WriteLastCalls(page, i, onlyInCall: true);
                    kernelFaults++;
                    Sys.KillProcess(pids[i]);
                    killed[i] = true;
                }
                if (second % ProgressSeconds == 0 && left > 0)
                {
                    Console.Write("fuzz: ");
                    Console.WriteDecimal(calls);
                    Console.WriteLine(" calls so far");
                }
            }
            Sys.Read(control.Value, page, 0);
            calls = 0;
            for (int i = 0; i < p; i++)
            {
                calls += Calls(page, i);
                kernelFaults += Judge(page, i, infos[i], killed[i]);
            }

            // What init made for the run goes: the ring (its endpoints, channels and queued messages), the resources, the page.
            for (int i = 0; i < p; i++)
            {
                Sys.CapabilityRevoke(rings[i].Capability);
                Sys.CapabilityRevoke(resources[i]);
            }
            Sys.CapabilityRevoke(control.Value);
            bool same = false;
            for (int s = 0; s < SettleSeconds * 10 && !same; s++)   // orphans of the fuzz processes may still be ending
            {
                after = Take();
                same = Same(before, after);
                if (!same) Sys.Nanosleep(new Timespec(0, 100_000_000));
            }
            if (!same) WriteDifferences(before, after);
            else Console.WriteLine("fuzz: free memory and kernel object counts are back where they were");
            Console.Write("fuzz: ");
            Console.WriteDecimal(calls);
            Console.Write(" calls, ");
            Console.WriteDecimal(kernelFaults);
            Console.WriteLine(" kernel faults");
            return kernelFaults == 0 && same ? 0 : 1;
        }

        private static ulong Calls(byte[] page, int process)
        {
            ulong sum = 0;
            fixed (byte* b = page)
                for (int t = 0; t < FuzzControl.Threads; t++) sum += FuzzControl.Thread(b, process, t)[FuzzControl.Calls];
            return sum;
        }

        /// <summary>
        /// A fuzz process never ends itself before its calls are made, and never touches memory the
        /// kernel could take from it: ending any other way than exit 0 with its done flag is the
        /// kernel's doing (docs/testing.md). A non-zero exit is its count of anomalous returns.
        /// </summary>
        private static ulong Judge(byte[] page, int i, ProcessExitInfo info, bool killedStalled)
        {
            ulong done, anomalies;
            fixed (byte* b = page)
            {
                done = FuzzControl.Process(b, i)[FuzzControl.Done];
                anomalies = FuzzControl.Process(b, i)[FuzzControl.Anomalies];
            }
            if (killedStalled) return 0;                     // counted when it was killed
            if (info.Reason == ExitReason.Exited && done == 1) return anomalies;
            Console.Write("fuzz: process ");
            Console.WriteDecimal((ulong)i);
            Console.Write(" ");
            Report.ExitInfo(info);
            Console.WriteLine(" before its calls were made");
            WriteLastCalls(page, i, onlyInCall: false);
            return 1;
        }

        private static void WriteLastCalls(byte[] page, int process, bool onlyInCall)
        {
            fixed (byte* b = page)
                for (int t = 0; t < FuzzControl.Threads; t++)
                {
                    ulong* r = FuzzControl.Thread(b, process, t);
                    if (r[FuzzControl.ThreadDone] != 0 || (onlyInCall && r[FuzzControl.InCall] == 0)) continue;
                    Console.Write("fuzz:   thread ");
                    Console.WriteDecimal((ulong)t);
                    Console.Write(r[FuzzControl.InCall] != 0 ? " in call " : " after call ");
                    Console.WriteDecimal(r[FuzzControl.Calls] + (r[FuzzControl.InCall] != 0 ? 1UL : 0));
                    Console.Write(": ");
                    FuzzControl.WriteCall(r[FuzzControl.Number], r + FuzzControl.Arg0);
                    Console.WriteLine();
                }
        }

        private static Snapshot Take()
        {
            var s = new Snapshot();
            byte* buffer = stackalloc byte[48 * 32];
            var span = new System.Span<byte>(buffer, 48 * 32);
            SysResult m = Sys.Read(Init.SystemInfo, span.Slice(0, sizeof(MemoryInfo)), (ulong)SystemInfoTable.Memory);
            if (m.IsOk && m.Value == (ulong)sizeof(MemoryInfo)) s.Memory = *(MemoryInfo*)buffer;
            SysResult o = Sys.Read(Init.SystemInfo, span.Slice(0, sizeof(ObjectCounts)), (ulong)SystemInfoTable.Objects);
            if (o.IsOk && o.Value == (ulong)sizeof(ObjectCounts)) s.Objects = *(ObjectCounts*)buffer;
            SysResult n = Sys.Read(Init.SystemInfo, span, (ulong)SystemInfoTable.Processes);
            for (ulong off = 0; n.IsOk && off + 48 <= n.Value; off += 48)
            {
                var info = (ProcessInfo*)(buffer + off);
                if (info->Parent.Raw == 0) s.InitResident = info->ResidentPages;   // init is the one process without a parent
            }
            return s;
        }

        // Kernel stacks and their page tables are not free (ObjectCounts.KeptFrames): free + kept must be back.
        private static bool Same(Snapshot a, Snapshot b)
            => a.Memory.FreeFrames + a.Objects.KeptFrames == b.Memory.FreeFrames + b.Objects.KeptFrames && a.InitResident == b.InitResident
               && a.Memory.KernelHeapUsed == b.Memory.KernelHeapUsed && Equal(a.Objects, b.Objects);

        /// <summary>
        /// What init will touch during the run is touched now, so its own pages (and their page
        /// tables) are in the snapshot: the fuzz image's pages (SYS_PROCESS_CREATE reads them through
        /// init's mapping), its stack, and heap beyond what it uses now.
        /// </summary>
        private static void Prefault(ulong image, ulong size)
        {
            ulong sum = 0;
            for (ulong off = 0; off < size; off += Abi.PageSize) sum += *(byte*)(image + off);
            sum += TouchStack(12);
            var heap = new byte[64 * 1024];
            for (int i = 0; i < heap.Length; i += (int)Abi.PageSize) heap[i] = (byte)sum;
            Veridian.Runtime.Allocator.Free(heap);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static ulong TouchStack(int pages)
        {
            byte* page = stackalloc byte[3072];
            page[0] = (byte)pages;
            return pages == 0 ? page[0] : TouchStack(pages - 1) + page[0];
        }

        private static bool Equal(ObjectCounts a, ObjectCounts b)
        {
            ulong* x = (ulong*)&a, y = (ulong*)&b;
            for (int i = 0; i < sizeof(ObjectCounts) / 8 - 1; i++)         // all but KeptFrames: the stack area's page tables may grow
                if (x[i] != y[i]) return false;
            return true;
        }

        private static readonly string[] s_objectNames =
        {
            "processes", "threads", "endpoints", "channels", "outstanding calls", "message buffers", "memory objects",
            "resources", "capabilities", "timer entries", "futex waiters", "ready threads",
        };

        private static void WriteDifferences(Snapshot a, Snapshot b)
        {
            Console.WriteLine("fuzz: leak: not back where it was after the run:");
            Difference("free frames + kept kernel-stack frames", a.Memory.FreeFrames + a.Objects.KeptFrames, b.Memory.FreeFrames + b.Objects.KeptFrames);
            Difference("init's resident pages", a.InitResident, b.InitResident);

            Difference("kernel heap bytes in use", a.Memory.KernelHeapUsed, b.Memory.KernelHeapUsed);
            ulong* x = (ulong*)&a.Objects, y = (ulong*)&b.Objects;
            for (int i = 0; i < s_objectNames.Length; i++) Difference(s_objectNames[i], x[i], y[i]);
        }

        private static void Difference(string what, ulong before, ulong after)
        {
            if (before == after) return;
            Console.Write("fuzz:   ");
            Console.Write(what);
            Console.Write(": ");
            Console.WriteDecimal(before);
            Console.Write(" -> ");
            Console.WriteDecimal(after);
            Console.WriteLine();
        }

        // The position just after the whole word in the command line (its length if absent).
        private static int WordAfter(string line, string word)
        {
            for (int i = 0; i + word.Length <= line.Length; i++)
            {
                bool starts = i == 0 || line[i - 1] == ' ';
                bool ends = i + word.Length == line.Length || line[i + word.Length] == ' ';
                if (starts && ends && Text.StartsWith(Text.Substring(line, i, word.Length), word)) return i + word.Length;
            }
            return line.Length;
        }

        // The next word if it is a decimal number (and then moves past it), else the default.
        private static ulong Next(string line, ref int at, ulong otherwise)
        {
            int start = at;
            while (start < line.Length && line[start] == ' ') start++;
            int end = start;
            while (end < line.Length && line[end] >= '0' && line[end] <= '9') end++;
            if (end == start || (end < line.Length && line[end] != ' ')) return otherwise;
            at = end;
            return (ulong)Text.ParseDecimal(line, start, end);
        }
    }
}
