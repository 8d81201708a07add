using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// SYS_THREAD_SUSPEND / SYS_THREAD_RESUME from ring 3 (what a stop-the-world GC does): a
    /// worker spins incrementing a counter without syscalls (suspend.asm); suspended, its
    /// context has rip in the loop, rsp in its stack and the loop's pointers in rdi/rsi, and the
    /// counter stays put while main sleeps; resumed, it advances again; a second suspend is
    /// Busy, a resume of a running thread InvalidParameter, and its TLS base survives. A thread
    /// suspended while blocked in a futex wait does not come back when the timeout passes,
    /// only after the resume, with Timeout. The worker tries itself (InvalidParameter); a
    /// joined thread's id is NotFound.
    /// </summary>
    public static unsafe class SuspendTests
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_spin")] private static extern void Spin(ulong* counter, ulong* stop);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_spin_start_address")] private static extern ulong SpinStart();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_spin_end_address")] private static extern ulong SpinEnd();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_read_fs0")] private static extern ulong ReadFs0();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_load")] private static extern ulong Load(ulong* word);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "suspend_store")] private static extern void Store(ulong* word, ulong value);

        private const ulong TlsMagic = 0x5A5A_0123_4567_89AB;
        private const ulong Second = 1_000_000_000;

        // The shared page, in ulongs.
        private const int Counter = 0, Stop = 1, WorkerId = 2, Go = 3, SelfSuspend = 4, SelfResume = 5, SelfDone = 6, SelfId = 7;
        private const int Tls = 8;                     // the worker's TLS block
        private const int FutexWord = 16, WaitResult = 17;
        private static ulong* s_page;

        public static int Main(string[] args)
        {
            Begin(args);
            SysResult m = Sys.Mmap(0, Abi.PageSize, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, default, 0);
            if (Ok(m, "map the shared page") == 0)
                return End();
            s_page = (ulong*)m.Value;
            s_page[Tls] = TlsMagic;
            Spinner();
            BlockedInAWait();
            return End();
        }

        private static void Sleep(ulong ns) => Sys.Nanosleep(Timespec.FromNanoseconds(ns));

        private static ulong Now() => Sys.ClockGet(ClockId.Monotonic).Value.ToNanosecondsSaturating();

        private static int Worker(ulong unused)
        {
            if (!Sys.ThreadSetTls((ulong)(s_page + Tls)).IsOk) return 1;
            while (Load(s_page + Go) == 0) Sys.Yield();
            var self = new ThreadId(s_page[WorkerId]);
            s_page[SelfSuspend] = (ulong)Sys.SuspendThread(self).Error;
            s_page[SelfResume] = (ulong)Sys.ResumeThread(self).Error;
            s_page[SelfId] = Sys.ThreadSelf().Value.Raw;
            Store(s_page + SelfDone, 1);
            Spin(s_page + Counter, s_page + Stop);
            return ReadFs0() == TlsMagic ? 9 : 2;
        }

        private static ulong Count => Load(s_page + Counter);

        private static void Spinner()
        {
            SysResult start = Threads.Start(&Worker, 0, Threads.DefaultStackSize, out UserThread worker);
            if (Ok(start, "start the worker") == 0) return;
            s_page[WorkerId] = worker.Id.Raw;
            Store(s_page + Go, 1);
            ulong deadline = Now() + 10 * Second;
            while ((Load(s_page + SelfDone) == 0 || Count == 0) && Now() < deadline)
                Sleep(1_000_000);
            Check(Count != 0, "the worker spins");
            Equal((ulong)SyscallError.InvalidParameter, s_page[SelfSuspend], "a thread suspending itself: InvalidParameter");
            Equal(worker.Id.Raw, s_page[SelfId], "SYS_THREAD_SELF in the worker names it as SYS_THREAD_CREATE did");
            SysResult<ThreadId> main = Sys.ThreadSelf();
            Check(main.IsOk && !main.Value.IsNone && main.Value.Raw != worker.Id.Raw, "SYS_THREAD_SELF in the main thread: its own id");
            Fails(Sys.SuspendThread(main.Value).Status, SyscallError.InvalidParameter, "the main thread suspending itself by its SYS_THREAD_SELF id");
            Equal((ulong)SyscallError.InvalidParameter, s_page[SelfResume], "a thread resuming itself: InvalidParameter");

            SysResult<FaultContext> s = Sys.SuspendThread(worker.Id);
            Ok(s, "suspend the worker");
            FaultContext c = s.Value;
            Check(c.Pc >= SpinStart() && c.Pc < SpinEnd(), "the context's rip is in the worker's spin loop");
            Check(c.Sp >= worker.Stack.Low && c.Sp < worker.Stack.High, "the context's rsp is in the worker's stack");
            Equal((ulong)(s_page + Counter), c.Registers.Rdi, "rdi holds the loop's counter pointer");
            Equal((ulong)(s_page + Stop), c.Registers.Rsi, "rsi holds the loop's stop pointer");
            Check(c.Code == FaultCode.None && c.Address == 0 && c.ErrorCode == 0, "code, address and error code are 0");
            Check((c.Registers.Rflags & 0x200) != 0, "the worker ran with interrupts on");

            ulong before = Count;
            Sleep(30_000_000);
            Sys.Yield();
            ulong after = Count;
            Equal(before, after, "a suspended worker's counter does not move while main sleeps");
            Fails(Sys.SuspendThread(worker.Id), SyscallError.Busy, "suspend of a suspended thread");

            Ok(Sys.ResumeThread(worker.Id), "resume the worker");
            Fails(Sys.ResumeThread(worker.Id), SyscallError.InvalidParameter, "resume of a thread that is not suspended");
            deadline = Now() + 10 * Second;
            while (Count == after && Now() < deadline)
                Sleep(5_000_000);
            Check(Count > after, "the resumed worker's counter advances");

            // Once more, then stop it while it is suspended: it must still end normally.
            Ok(Sys.SuspendThread(worker.Id), "suspend the worker again");
            Store(s_page + Stop, 1);
            Fails(Threads.Join(ref worker, 0), SyscallError.Timeout, "a suspended thread does not end by itself");
            Ok(Sys.ResumeThread(worker.Id), "resume it to let it stop");
            ThreadId id = worker.Id;
            Equal(9, Ok(Threads.Join(ref worker, 10 * Second), "join the worker"), "worker exit code (9: its TLS block survived)");
            Fails(Sys.SuspendThread(id), SyscallError.NotFound, "suspend of a joined thread");
            Fails(Sys.ResumeThread(id), SyscallError.NotFound, "resume of a joined thread");
        }

        private static int Waiter(ulong unused)
        {
            SysResult r = Sys.FutexWait((uint*)(s_page + FutexWord), 0, 20_000_000);
            Store(s_page + WaitResult, 100 + (ulong)r.Error);
            return 0;
        }

        private static void BlockedInAWait()
        {
            SysResult start = Threads.Start(&Waiter, 0, Threads.DefaultStackSize, out UserThread waiter);
            if (Ok(start, "start the waiter") == 0) return;
            Sleep(2_000_000);                                       // it runs and blocks in its 20 ms wait
            Ok(Sys.SuspendThread(waiter.Id), "suspend a thread blocked in a futex wait");
            Sleep(100_000_000);                                     // well past its timeout
            Equal(0, Load(s_page + WaitResult), "a suspended thread does not return from its wait");
            Ok(Sys.ResumeThread(waiter.Id), "resume the waiter");
            ulong deadline = Now() + 10 * Second;
            while (Load(s_page + WaitResult) == 0 && Now() < deadline)
                Sleep(1_000_000);
            Equal(100 + (ulong)SyscallError.Timeout, Load(s_page + WaitResult), "after the resume the wait returns Timeout");
            Equal(0, Ok(Threads.Join(ref waiter, 10 * Second), "join the waiter"), "waiter exit code");
        }
    }
}
