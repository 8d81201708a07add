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

        // 64-byte call + reply between this process and a peer process.
        private static int IpcRoundTrip(ulong[] samples)
        {
            SysResult<EndpointCreateResult> ra = Sys.IpcEndpointCreate(), rb = Sys.IpcEndpointCreate();
            if (!ra.IsOk || !rb.IsOk) return Fail("endpoints");
            EndpointCreateResult a = ra.Value, b = rb.Value;
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability);
            if (!ch.IsOk) return Fail("channel");
            ChannelId channel = ch.Value;

            Capability image = Process.GrantedCapability(1);
            ulong size = (ulong)Text.ParseDecimal(s_args[1], 0, s_args[1].Length);
            SysResult map = Spawn.MapImage(image, size);
            if (!map.IsOk) return Fail("map own image");
            SysResult peer = Spawn.Run((byte*)map.Value, size,
                new[] { "bench", s_args[1], "peer", Decimal(b.Endpoint.Raw) },
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
