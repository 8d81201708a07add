using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Threads under preemption: two threads spin without any syscall, and both (and the main
    /// thread, asleep meanwhile) make progress — on one CPU that needs the timer to preempt.
    /// Also: exit codes through join, join with timeout 0 on a running thread (Timeout), many
    /// more threads alive at once than the 16 per process there used to be (the bound is now the
    /// process's quota, tested on the host), and the heap shared between threads.
    /// </summary>
    public static unsafe class ThreadTests
    {
        private static volatile int s_stop;
        private static volatile int s_release;
        private static volatile uint s_count0;
        private static volatile uint s_count1;

        public static int Main(string[] args)
        {
            Begin(args);
            Spinning();
            Many();
            Allocating();
            return End();
        }

        private static int Spin(ulong which)
        {
            if (which == 0) while (s_stop == 0) s_count0++;
            else while (s_stop == 0) s_count1++;
            return 40 + (int)which;
        }

        private static void Spinning()
        {
            SysResult a = Threads.Start(&Spin, 0, Threads.DefaultStackSize, out UserThread t0);
            SysResult b = Threads.Start(&Spin, 1, Threads.DefaultStackSize, out UserThread t1);
            Ok(a, "start spinner 0");
            Ok(b, "start spinner 1");
            if (!a.IsOk || !b.IsOk) { s_stop = 1; return; }
            Fails(Sys.JoinThread(t0.Id, 0), SyscallError.Timeout, "join a running thread without waiting");
            Timespec tenth = new Timespec(0, 100_000_000);
            Sys.Nanosleep(tenth);
            uint a1 = s_count0, b1 = s_count1;
            Sys.Nanosleep(tenth);
            uint a2 = s_count0, b2 = s_count1;
            Check(a1 > 0 && b1 > 0, "both spinners ran while main slept");
            Check(a2 > a1, "spinner 0 keeps making progress");
            Check(b2 > b1, "spinner 1 keeps making progress");
            s_stop = 1;
            Equal(40, Ok(Threads.Join(ref t0, 10UL * 1_000_000_000), "join spinner 0"), "spinner 0 exit code");
            Equal(41, Ok(Threads.Join(ref t1, 10UL * 1_000_000_000), "join spinner 1"), "spinner 1 exit code");
        }

        private static int Sleeper(ulong which)
        {
            Timespec ms = new Timespec(0, 1_000_000);
            while (s_release == 0) Sys.Nanosleep(ms);
            return (int)which;
        }

        private static void Many()
        {
            // Each sleeper has its own stack mapping (a region) and kernel stack; all are alive
            // until released, so the process holds 101 threads at once.
            var threads = new UserThread[100];
            int started = 0;
            SysResult last = default;
            for (int i = 0; i < threads.Length; i++)
            {
                last = Threads.Start(&Sleeper, (ulong)i, 16 * 1024, out threads[i]);
                if (!last.IsOk) break;
                started++;
            }
            Ok(last, "start the last of 100 sleepers");
            Equal(100, (ulong)started, "100 threads besides main, all alive at once");
            s_release = 1;
            bool codes = true;
            for (int i = 0; i < started; i++)
                codes &= Threads.Join(ref threads[i], 10UL * 1_000_000_000).Value == (ulong)i;
            Check(codes, "every sleeper joined with its exit code");
        }

        private static int Allocate(ulong which)
        {
            // Each thread allocates and frees through the shared heap (its lock is the test).
            for (int i = 0; i < 2000; i++)
            {
                var array = new ulong[1 + i % 64];
                array[0] = which;
                if (array[0] != which) return 1;
                Veridian.Runtime.Allocator.Free(array);
            }
            return 0;
        }

        private static void Allocating()
        {
            var threads = new UserThread[3];
            for (int i = 0; i < threads.Length; i++)
                Ok(Threads.Start(&Allocate, (ulong)i, Threads.DefaultStackSize, out threads[i]), "start allocator");
            for (int i = 0; i < threads.Length; i++)
                Equal(0, Ok(Threads.Join(ref threads[i], 30UL * 1_000_000_000), "join allocator"), "allocator exit code");
        }
    }
}
