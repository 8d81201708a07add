using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Sleeps and timeouts against SYS_CLOCK_GET: each wait lasts at least what was asked
    /// (and not absurdly longer): nanosleep, receive, call, thread join and process wait with a
    /// timeout; the realtime clock advances with the monotonic one.
    /// </summary>
    public static unsafe class TimeTests
    {
        private const ulong Ms = 1_000_000;
        private const ulong Slack = 5_000 * Ms;   // generous: TCG is slow and the machine is shared

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "sleeper")
            {
                Timespec t = new Timespec(0, (long)(300 * Ms));
                Sys.Nanosleep(t);
                return 0;
            }
            Sleeps();
            Timeouts();
            return End();
        }

        private static ulong Now()
        {
            return Sys.ClockGet(ClockId.Monotonic).Value.ToNanosecondsSaturating();
        }

        private static ulong Real()
        {
            return Sys.ClockGet(ClockId.Realtime).Value.ToNanosecondsSaturating();
        }

        private static void Within(ulong start, ulong atLeast, string what)
        {
            ulong elapsed = Now() - start;
            if (!Check(elapsed >= atLeast && elapsed < atLeast + Slack, what))
            {
                Console.Write("  elapsed ns ");
                Console.WriteDecimal(elapsed);
                Console.WriteLine();
            }
        }

        private static void Sleeps()
        {
            foreach (ulong ms in new ulong[] { 1, 20, 100 })
            {
                Timespec d = Timespec.FromNanoseconds(ms * Ms);
                ulong start = Now();
                Ok(Sys.Nanosleep(d), "nanosleep");
                Within(start, ms * Ms, "nanosleep lasts at least the duration");
            }
            ulong m0 = Now(), r0 = Real();
            Timespec fifty = Timespec.FromNanoseconds(50 * Ms);
            Sys.Nanosleep(fifty);
            ulong m1 = Now(), r1 = Real();
            long drift = (long)(r1 - r0) - (long)(m1 - m0);
            Check(drift < (long)(10 * Ms) && drift > -(long)(10 * Ms), "realtime advances with monotonic");
            ulong before = Now();
            for (int i = 0; i < 100; i++) Sys.Yield();
            Check(Now() >= before, "monotonic never goes back across yields");
        }

        private static int SleepThenExit(ulong ms)
        {
            Timespec t = Timespec.FromNanoseconds(ms * Ms);
            Sys.Nanosleep(t);
            return 9;
        }

        private static void Timeouts()
        {
            EndpointCreateResult a = Sys.IpcEndpointCreate().Value, b = Sys.IpcEndpointCreate().Value;
            ChannelId channel = new ChannelId(Ok(Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability), "channel"));
            System.Span<byte> buf = stackalloc byte[8];
            ulong start = Now();
            Fails(Sys.IpcReceive(b.Endpoint, buf, 30 * Ms, b.Capability), SyscallError.Timeout, "receive times out");
            Within(start, 30 * Ms, "receive waits its timeout");

            start = Now();
            Fails(Sys.IpcCall(channel, buf.Slice(0, 1), buf, 30 * Ms, Capability.Null, a.Capability), SyscallError.Timeout, "unanswered call times out");
            Within(start, 30 * Ms, "call waits its timeout");

            SysResult t = Threads.Start(&SleepThenExit, 300, Threads.DefaultStackSize, out UserThread thread);
            if (Ok(t, "start a sleeping thread") != 0)
            {
                start = Now();
                Fails(Sys.JoinThread(thread.Id, 30 * Ms), SyscallError.Timeout, "join times out");
                Within(start, 30 * Ms, "join waits its timeout");
                Equal(9, Ok(Threads.Join(ref thread, Abi.WaitForever), "join the thread"), "thread exit code");
            }

            SysResult child = SpawnSelf("sleeper", null, null);
            if (Ok(child, "start a sleeping process") != 0)
            {
                start = Now();
                Fails(Sys.WaitProcess(new ProcessId(child.Value), 30 * Ms), SyscallError.Timeout, "process wait times out");
                Within(start, 30 * Ms, "process wait waits its timeout");
                ExpectExit0(new ProcessId(child.Value), "sleeping process exits 0");
            }
        }
    }
}
