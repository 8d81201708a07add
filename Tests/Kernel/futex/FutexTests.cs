using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// SYS_FUTEX_WAIT / SYS_FUTEX_WAKE from ring 3 on a word in a private page: a changed
    /// value is Busy at once, timeout 0 is Timeout at once, a finite timeout lasts at least
    /// that long, a thread blocked on the word is woken by another thread, a wake wakes at
    /// most its count, and bad addresses fail without harm.
    /// </summary>
    public static unsafe class FutexTests
    {
        // A private page: [0] the word the waiters wait on, [1] another word, [8 + i] waiter i is about to wait.
        private static uint* s_words;

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "blocker") return Blocker();
            SysResult m = Sys.Mmap(0, Abi.PageSize, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, default, 0);
            if (Ok(m, "map the futex page") == 0)
                return End();
            s_words = (uint*)m.Value;
            Errors();
            Timeouts();
            WakeOne();
            WakeCount();
            KilledWaiter();
            return End();
        }

        // The helper: blocks on a futex without a deadline until its parent kills it.
        private static int Blocker()
        {
            uint word = 0;
            Sys.FutexWait(&word, 0, Abi.WaitForever);
            return 3;
        }

        // A process killed while its thread waits on a futex ends like any other (its waiter entry goes with it).
        private static void KilledWaiter()
        {
            SysResult child = SpawnSelf("blocker", null, null);
            if (Ok(child, "spawn a futex blocker") == 0) return;
            ProcessId pid = new ProcessId(child.Value);
            Sys.Nanosleep(new Timespec(0, 20_000_000));
            Ok(Sys.KillProcess(pid), "kill the blocked child");
            SysResult<ProcessExitInfo> info = Sys.WaitProcess(pid, 10UL * 1_000_000_000);
            Ok(info, "wait for the killed blocker");
            Check(info.Value.Reason == ExitReason.Killed && info.Value.ExitCode == -1, "the blocker ended Killed with -1");
        }

        private static void Errors()
        {
            uint* w = s_words;
            *w = 5;
            Fails(Sys.FutexWait(w, 6, Abi.WaitForever), SyscallError.Busy, "wait on a changed value: try again");
            Fails(Sys.FutexWait((uint*)((byte*)w + 2), 5, Abi.WaitForever), SyscallError.InvalidParameter, "misaligned wait");
            Fails(Sys.FutexWake((uint*)((byte*)w + 1), 1), SyscallError.InvalidParameter, "misaligned wake");
            Fails(Sys.FutexWait((uint*)0xFFFF_FFFF_8010_0000, 0, 0), SyscallError.InvalidAddress, "wait on a kernel address");
            Fails(Sys.FutexWait((uint*)0x0000_5000_0000_0000, 0, 0), SyscallError.InvalidAddress, "wait on an unmapped address");
            Fails(Sys.FutexWake((uint*)0x0000_8000_0000_0000, 1), SyscallError.InvalidAddress, "wake on a non-canonical address");
            Fails(Sys.FutexWait((uint*)0, 0, 0), SyscallError.InvalidAddress, "wait on null");
            Fails(Raw.Call3(SyscallNumber.FutexWait, (ulong)w, 1UL << 32 | 5, 0), SyscallError.InvalidParameter,
                "expected value above 32 bits");
            Equal(0, Ok(Sys.FutexWake(w, 10), "wake with nobody waiting"), "nobody woken");
        }

        private static void Timeouts()
        {
            uint* w = s_words;
            *w = 7;
            Fails(Sys.FutexWait(w, 7, Abi.NoWait), SyscallError.Timeout, "timeout 0 with the value unchanged");
            ulong start = Now();
            Fails(Sys.FutexWait(w, 7, 50_000_000), SyscallError.Timeout, "wait 50 ms with nobody waking");
            Check(Now() - start >= 50_000_000, "the timed wait lasted at least its timeout");
        }

        private static ulong Now() => Sys.ClockGet(ClockId.Monotonic).Value.ToNanosecondsSaturating();

        // A waiter: says it is about to wait, waits while the word is 0, returns the error code (0 = woken).
        private static int Waiter(ulong index)
        {
            s_words[8 + index] = 1;              // stored before the syscall below (an opaque call)
            SysResult r = Sys.FutexWait(s_words, 0, 10UL * 1_000_000_000);
            return (int)r.Error;
        }

        private static bool StartWaiters(int n, UserThread[] threads)
        {
            *s_words = 0;
            for (int i = 0; i < n; i++)
            {
                s_words[8 + i] = 0;
                SysResult r = Threads.Start(&Waiter, (ulong)i, 16 * 1024, out threads[i]);
                if (!r.IsOk)
                {
                    Ok(r, "start a waiter");
                    return false;
                }
            }
            // Every waiter has announced itself; a sleep lets each reach its wait (one CPU).
            for (int i = 0; i < n; i++)
            {
                while (s_words[8 + i] == 0)          // re-read after each (opaque) yield call
                    Sys.Yield();
            }
            Sys.Nanosleep(new Timespec(0, 20_000_000));
            return true;
        }

        private static void WakeOne()
        {
            var threads = new UserThread[1];
            if (!StartWaiters(1, threads)) return;
            *s_words = 1;
            Equal(1, Ok(Sys.FutexWake(s_words, 5), "wake the waiter"), "one waiter woken by a wake of up to 5");
            Equal(0, Ok(Threads.Join(ref threads[0], 10UL * 1_000_000_000), "join the waiter"), "the waiter's wait returned Success");
        }

        private static void WakeCount()
        {
            var threads = new UserThread[3];
            if (!StartWaiters(3, threads)) return;
            Equal(0, Ok(Sys.FutexWake(s_words + 1, 3), "wake another word"), "waiters on another word are not woken");
            Equal(2, Ok(Sys.FutexWake(s_words, 2), "wake two of three"), "a wake wakes at most its count");
            Equal(1, Ok(Sys.FutexWake(s_words, 10), "wake the rest"), "the third waiter is still there");
            for (int i = 0; i < 3; i++)
                Equal(0, Ok(Threads.Join(ref threads[i], 10UL * 1_000_000_000), "join a waiter"), "each waiter was woken");
        }
    }
}
