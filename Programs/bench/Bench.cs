using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// Ring-3 microbenchmarks with the time-stamp counter (docs/userspace.md "bench"). init runs
    /// it (command line word "bench") with args [bench, image size] and capabilities [console,
    /// its own image, a resource]; for the IPC round trip it starts its own image again as the
    /// peer ("bench size peer ep channel", granted one end of a channel). Prints, per operation,
    /// "bench: NAME min X median Y" in TSC ticks, and exits 0.
    /// From the shell, "bench startup [NAME...]" instead measures how long programs take to
    /// start (<see cref="StartupPaths"/>; docs/benchmarks.md "Threads and start-up (.NET)").
    /// </summary>
    public static unsafe class Bench
    {
        private const int Iterations = 1000;
        private const ulong Second = 1_000_000_000;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_rdtsc")]
        private static extern ulong Rdtsc();

        private static string[] s_args;
        private static volatile int s_stop;

        public static int Main(string[] args)
        {
            s_args = args;
            if (args.Length > 2 && args[2] == "peer") return Peer();
            if (args.Length > 1 && args[1] == "startup") return StartupPaths(args);
            var samples = new ulong[Iterations];
            int failures = 0;

            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                Syscall.Syscall0(999);
                samples[i] = Rdtsc() - t;
            }
            Report("null-syscall", samples, Iterations);

            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                Sys.Yield();
                samples[i] = Rdtsc() - t;
            }
            Report("yield", samples, Iterations);

            Capability console = Process.ConsoleCapability;
            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                SysResult r = Sys.CapabilityValidate(console, Rights.Write);
                samples[i] = Rdtsc() - t;
                if (!r.IsOk) failures++;
            }
            Report("capability-validate", samples, Iterations);
            failures += CapabilityLookups(samples);

            failures += IpcRoundTrip(samples);
            failures += ThreadSwitch(samples);

            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                SysResult m = Sys.Mmap(0, 4096, ProtectionFlags.Read | ProtectionFlags.Write,
                    MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
                if (m.IsOk)
                {
                    *(byte*)m.Value = 1;
                    Sys.Munmap(m.Value, 4096);
                }
                else failures++;
                samples[i] = Rdtsc() - t;
            }
            Report("mmap-touch-munmap-4k", samples, Iterations);

            if (failures != 0)
            {
                Console.Write("bench: ");
                Console.WriteDecimal(failures);
                Console.WriteLine(" operations failed");
                return 1;
            }
            return 0;
        }

        // Capability lookup cost (issue 17 item 3): validate the last of 200 capabilities derived
        // from one endpoint (a nearly full space, a derivation tree 200 wide), then the same token
        // once its parent's children are revoked (the stale-generation error). A lookup is an
        // index into the slot array and a generation compare, so neither may differ from
        // capability-validate by more than the error path's few instructions.
        private static int CapabilityLookups(ulong[] samples)
        {
            SysResult<EndpointCreateResult> ep = Sys.IpcEndpointCreate();
            if (!ep.IsOk) return Fail("endpoint for the capability rows");
            Capability parent = ep.Value.Capability, last = Capability.Null;
            for (int i = 0; i < 200; i++)
            {
                SysResult<Capability> d = Sys.CapabilityDerive(parent, Rights.Read);
                if (!d.IsOk) return Fail("derive");
                last = d.Value;
            }
            int failures = 0;
            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                SysResult r = Sys.CapabilityValidate(last, Rights.Read);
                samples[i] = Rdtsc() - t;
                if (!r.IsOk) failures++;
            }
            Report("capability-validate-200-held", samples, Iterations);
            if (!Sys.CapabilityRevoke(parent).IsOk) return failures + Fail("revoke");
            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                SysResult r = Sys.CapabilityValidate(last, Rights.Read);
                samples[i] = Rdtsc() - t;
                if (r.IsOk) failures++;
            }
            Report("capability-validate-stale", samples, Iterations);
            return failures;
        }

        // 64-byte call + reply between this process and a peer process.
        private static int IpcRoundTrip(ulong[] samples)
        {
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            if (!ra.IsOk || !rb.IsOk) return Fail("endpoints");
            EndpointCreateResult a = ra.Value, b = rb.Value;
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability);
            if (!ch.IsOk) return Fail("channel");
            ChannelId channel = ch.Value;

            // From init: the image is caps[1] and its size args[1]. From the shell: both come
            // from the file service (OPEN "bench", docs/fileservice.md).
            Capability image;
            ulong size;
            string sizeText;
            if (s_args.Length > 1)
            {
                image = Process.GrantedCapability(1);
                size = (ulong)Text.ParseDecimal(s_args[1], 0, s_args[1].Length);
                sizeText = s_args[1];
            }
            else
            {
                FileStat st = FileClient.FromEnvironment().Stat("bench", open: true);
                if (!st.IsOk || st.Memory.IsNull) return Fail("find its own image through the file service");
                image = st.Memory;
                size = st.Size;
                sizeText = Decimal(size);
            }
            SysResult map = Spawn.MapImage(image, size);
            if (!map.IsOk) return Fail("map own image");
            SysResult peer = Spawn.Run((byte*)map.Value, size,
                new[] { "bench", sizeText, "peer", Decimal(b.Endpoint.Raw) },
                new[] { Process.ConsoleCapability, image, b.Capability });
            if (!peer.IsOk) return Fail("start the peer");

            System.Span<byte> request = stackalloc byte[64];
            System.Span<byte> response = stackalloc byte[64];
            for (int i = 0; i < 64; i++) request[i] = (byte)i;
            int failures = 0;
            for (int i = 0; i < Iterations; i++)
            {
                ulong t = Rdtsc();
                SysResult<IpcCallResult> r = Sys.IpcCall(channel, request, response, 10 * Second, Capability.Null, a.Capability);
                samples[i] = Rdtsc() - t;
                if (!r.IsOk || r.Value.ResponseLength != 64) failures++;
            }
            Report("ipc-call-reply-64b", samples, Iterations);
            // An empty call tells the peer to stop.
            Sys.IpcCall(channel, request.Slice(0, 0), response, 10 * Second, Capability.Null, a.Capability);
            SysResult<ProcessExitInfo> w = Sys.WaitProcess(new ProcessId(peer.Value), 10 * Second);
            if (!w.IsOk || w.Value.Reason != ExitReason.Exited || w.Value.ExitCode != 0) failures++;
            return failures;
        }

        private static int Peer()
        {
            EndpointId endpoint = new EndpointId((ulong)Text.ParseDecimal(s_args[3], 0, s_args[3].Length));
            Capability cap = Process.GrantedCapability(2);
            System.Span<byte> buffer = stackalloc byte[64];
            for (;;)
            {
                SysResult<IpcReceiveResult> r = Sys.IpcReceive(endpoint, buffer, 30 * Second, cap);
                if (!r.IsOk) return 1;
                ulong length = r.Value.MessageLength;
                Sys.IpcReply(r.Value.ReplyToken, buffer.Slice(0, (int)length), Capability.Null);
                if (length == 0) return 0;
            }
        }

        private static int Yielder(ulong unused)
        {
            while (s_stop == 0) Sys.Yield();
            return 0;
        }

        // Two threads yielding to each other: each sample is a yield that runs the other thread
        // and comes back, i.e. two switches; half of it is reported.
        private static int ThreadSwitch(ulong[] samples)
        {
            SysResult t = Threads.Start(&Yielder, 0, Threads.DefaultStackSize, out UserThread other);
            if (!t.IsOk) return Fail("thread");
            Sys.Yield();
            for (int i = 0; i < Iterations; i++)
            {
                ulong start = Rdtsc();
                Sys.Yield();
                samples[i] = (Rdtsc() - start) / 2;
            }
            s_stop = 1;
            Report("thread-switch", samples, Iterations);
            return Threads.Join(ref other, 10 * Second).IsOk ? 0 : 1;
        }

        private const int StartupSamples = 5;

        // bench startup [NAME...] (from the shell; default: startup-probe-small startup-probe).
        // Starts each probe program StartupSamples times the way the shell does (file service
        // OPEN, map the image, SYS_PROCESS_CREATE, SYS_PROCESS_START, wait), passing as its
        // argument the TSC read just before SYS_PROCESS_CREATE. The probe reads the TSC first
        // thing in Main and returns the difference as its exit code; subtracting what this side
        // spent from that TSC to just before SYS_PROCESS_START leaves start -> Main.
        private static int StartupPaths(string[] args)
        {
            FileClient files = FileClient.FromEnvironment();
            if (!files.IsConnected) return Fail("no file service (run bench startup from the shell)");
            string[] names = args.Length > 2 ? new string[args.Length - 2] : new[] { "startup-probe-small", "startup-probe" };
            if (args.Length > 2)
                for (int i = 2; i < args.Length; i++) names[i - 2] = args[i];
            var open = new ulong[StartupSamples];
            var create = new ulong[StartupSamples];
            var start = new ulong[StartupSamples];
            var whole = new ulong[StartupSamples];
            int failures = 0;
            for (int n = 0; n < names.Length; n++)
            {
                int done = 0;
                for (int i = 0; i < StartupSamples; i++)
                {
                    ulong t0 = Rdtsc();
                    FileStat st = files.Stat(names[n], open: true);
                    if (!st.IsOk || st.Memory.IsNull) { failures++; Console.Write("bench: no program "); Console.WriteLine(names[n]); break; }
                    SysResult map = Spawn.MapImage(st.Memory, st.Size);
                    if (!map.IsOk) { failures++; Sys.CapabilityRevoke(st.Memory); break; }
                    string[] childArgs = new[] { names[n], "" };
                    ulong t1 = Rdtsc();
                    childArgs[1] = Decimal(t1);
                    SysResult created = Spawn.Create((byte*)map.Value, st.Size, childArgs, new[] { Process.ConsoleCapability });
                    ulong t2 = Rdtsc();
                    Sys.Munmap(map.Value, st.Size);
                    Sys.CapabilityRevoke(st.Memory);
                    if (!created.IsOk) { failures++; Fail("SYS_PROCESS_CREATE"); break; }
                    var pid = new ProcessId(created.Value);
                    ulong t3 = Rdtsc();
                    SysResult started = Sys.StartProcess(pid);
                    if (!started.IsOk) { failures++; Sys.KillProcess(pid); Spawn.Wait(pid, 10 * Second, out _); break; }
                    SysResult w = Spawn.Wait(pid, 60 * Second, out ProcessExitInfo info);
                    ulong t4 = Rdtsc();
                    // The exit code is the probe's TSC minus t1 (so at least t3 - t1); anything
                    // else is a failure (254/255: the runtime could not start, a throw).
                    if (!w.IsOk || info.Reason != ExitReason.Exited || (ulong)info.ExitCode <= t3 - t1)
                    {
                        failures++;
                        Console.Write("bench: ");
                        Console.Write(names[n]);
                        Console.WriteLine(" did not report its TSC");
                        break;
                    }
                    open[i] = t1 - t0;
                    create[i] = t2 - t1;
                    start[i] = (ulong)info.ExitCode - (t3 - t1);
                    whole[i] = t4 - t0;
                    done++;
                }
                if (done == 0) continue;
                Report(Text.Concat(names[n], ": file service open + map"), open, done);
                Report(Text.Concat(names[n], ": SYS_PROCESS_CREATE"), create, done);
                Report(Text.Concat(names[n], ": SYS_PROCESS_START -> first line of Main"), start, done);
                Report(Text.Concat(names[n], ": whole run (open .. exit reaped)"), whole, done);
            }
            return failures == 0 ? 0 : 1;
        }

        private static int Fail(string what)
        {
            Console.Write("bench: cannot set up: ");
            Console.WriteLine(what);
            return 1;
        }

        private static void Report(string name, ulong[] samples, int count)
        {
            // Insertion sort: 1000 samples, no library.
            for (int i = 1; i < count; i++)
            {
                ulong v = samples[i];
                int j = i - 1;
                while (j >= 0 && samples[j] > v) { samples[j + 1] = samples[j]; j--; }
                samples[j + 1] = v;
            }
            Console.Write("bench: ");
            Console.Write(name);
            Console.Write(" min ");
            Console.WriteDecimal(samples[0]);
            Console.Write(" median ");
            Console.WriteDecimal(samples[count / 2]);
            Console.WriteLine();
        }

        private static string Decimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[19 - n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            return Text.FromBytes(digits + 20 - n, n);
        }
    }
}
