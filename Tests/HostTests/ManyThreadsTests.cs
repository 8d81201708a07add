using System.Collections.Generic;
using Veridian.Kernel;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Threads without a fixed number per process (issue 20): hundreds in one process, bounded by
    /// its quotas and the table; each one's kernel stack comes and goes with it, charged to its
    /// process's Frames quota; a process's end walks its own threads only.
    /// </summary>
    public class ManyThreadsTests
    {
        private const ulong StackBytes = 4096;

        /// <summary>One executable page and a stack area with room for <paramref name="threads"/> stacks, in two regions.</summary>
        private static (ulong Code, ulong Stacks) Room(TestKernel tk, Thread creator, int threads)
        {
            ulong code = tk.MapAnon(creator, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            ulong stacks = tk.MapAnon(creator, StackBytes * (ulong)threads);
            return (code, stacks);
        }

        private static ulong Create(TestKernel tk, Thread creator, (ulong Code, ulong Stacks) room, int i)
            => tk.Raw(creator, SyscallFrames.CreateThread(room.Code, room.Stacks + (ulong)i * StackBytes, StackBytes, (ulong)i));

        [Fact]
        public void A_process_runs_three_hundred_threads_and_joins_them_all()
        {
            var tk = new TestKernel();
            var (child, main) = tk.Spawn();
            var room = Room(tk, main, 300);
            int live = tk.K.LiveThreadCount;
            int stacks = tk.Platform.KernelStacks.Count;
            var ids = new List<ThreadId>();
            for (int i = 0; i < 300; i++)
            {
                ulong r = Create(tk, main, room, i);
                Assert.False(SyscallReturn.IsError(r), $"thread {i}: {SyscallReturn.GetError(r)}");
                ids.Add(new ThreadId(r));
            }
            Assert.Equal(301, child.ThreadSlots);
            Assert.Equal(live + 300, tk.K.LiveThreadCount);
            Assert.Equal(301, child.Quota.Used(QuotaKind.Threads));
            Assert.Equal(stacks + 300, tk.Platform.KernelStacks.Count);
            for (int i = 0; i < ids.Count; i++)
            {
                Thread t = tk.K.LookupThread(ids[i]);
                Assert.Equal(ThreadState.Ready, t.State);
                Assert.Equal((ulong)i, t.Argument);
                tk.Exits(t, SyscallFrames.ExitThread(i));
            }
            for (int i = 0; i < ids.Count; i++)
                Assert.Equal((ulong)(uint)i, tk.Ok(main, SyscallFrames.JoinThread(ids[i], 0)));
            Assert.Equal(1, child.ThreadSlots);
            Assert.Equal(live, tk.K.LiveThreadCount);
            Assert.Equal(stacks, tk.Platform.KernelStacks.Count);
            Assert.Same(main, child.FirstThread);
            Assert.Null(main.NextInProcess);
        }

        [Fact]
        public void Every_kernel_stack_goes_back_when_the_threads_and_their_process_end()
        {
            var tk = new TestKernel();
            ulong info = tk.Reserve(tk.Init, 32);
            int free = tk.Platform.SimFrames.FreeCount;
            int stacks = tk.Platform.KernelStacks.Count;
            long initFrames = tk.Init.Quota.Used(QuotaKind.Frames);
            var (child, main) = tk.Spawn();
            var room = Room(tk, main, 100);
            long before = child.Quota.Used(QuotaKind.Frames);
            var ids = new List<ThreadId>();
            for (int i = 0; i < 100; i++)
                ids.Add(new ThreadId(tk.Ok(main, SyscallFrames.CreateThread(room.Code, room.Stacks + (ulong)i * StackBytes, StackBytes, 0))));
            Assert.Equal(before + 100 * SimulatedPlatform.StackFrames, child.Quota.Used(QuotaKind.Frames));
            Assert.Equal(stacks + 101, tk.Platform.KernelStacks.Count);

            // Joined threads give their stacks back at once, to the quota and to the machine.
            int beforeJoins = tk.Platform.SimFrames.FreeCount;
            for (int i = 0; i < 10; i++)
            {
                tk.Exits(tk.K.LookupThread(ids[i]), SyscallFrames.ExitThread(0));
                tk.Ok(main, SyscallFrames.JoinThread(ids[i], 0));
            }
            Assert.Equal(beforeJoins + 10 * SimulatedPlatform.StackFrames, tk.Platform.SimFrames.FreeCount);
            Assert.Equal(before + 90 * SimulatedPlatform.StackFrames, child.Quota.Used(QuotaKind.Frames));

            // The rest, exited-unjoined and still running alike, go with the process.
            for (int i = 10; i < 20; i++)
                tk.Exits(tk.K.LookupThread(ids[i]), SyscallFrames.ExitThread(0));
            tk.Exits(main, SyscallFrames.Exit(0));
            tk.Ok(tk.InitThread, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(info)));
            Assert.Equal(stacks, tk.Platform.KernelStacks.Count);
            // Every frame is back but the pages init itself touched to hand the child its image.
            long initsOwn = tk.Init.Quota.Used(QuotaKind.Frames) - initFrames;
            Assert.Equal(free - initsOwn, tk.Platform.SimFrames.FreeCount);
        }

        [Fact]
        public void Killing_a_process_with_many_threads_in_every_state_frees_them_all()
        {
            var tk = new TestKernel();
            var (child, main) = tk.Spawn();
            var room = Room(tk, main, 200);
            ulong word = tk.Reserve(child, 8);
            var threads = new List<Thread>();
            for (int i = 0; i < 200; i++)
                threads.Add(tk.K.LookupThread(new ThreadId(tk.Ok(main, SyscallFrames.CreateThread(room.Code, room.Stacks + (ulong)i * StackBytes, StackBytes, 0)))));
            // A quarter sleep with a deadline, a quarter wait on a futex, a quarter exited unjoined, the rest ready.
            for (int i = 0; i < 50; i++)
            {
                ulong ts = tk.PutStruct(child, new Timespec(100, 0));
                tk.Blocks(threads[i], SyscallFrames.Nanosleep(new UserPtr<Timespec>(ts)));
                tk.Blocks(threads[50 + i], SyscallFrames.FutexWait(new UserPtr<uint>(word), 0, Abi.WaitForever));
                tk.Exits(threads[100 + i], SyscallFrames.ExitThread(0));
            }
            Assert.Equal(151, child.LiveThreads);
            Assert.Equal(201, child.ThreadSlots);
            int stacks = tk.Platform.KernelStacks.Count;

            tk.Ok(tk.InitThread, SyscallFrames.KillProcess(child.Id));
            Assert.Null(child.FirstThread);
            Assert.Equal(0, child.ThreadSlots);
            Assert.Equal(stacks - 201, tk.Platform.KernelStacks.Count);
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
            Assert.Null(tk.K.Tasks.Timers.First);
            foreach (Thread t in threads)
                Assert.Equal(ThreadState.Free, t.State);
            Assert.Equal(ThreadState.Free, main.State);
            Assert.Equal(1, tk.K.LiveThreadCount);   // init's
        }

        [Fact]
        public void A_full_thread_table_is_exhausted_for_everyone_until_a_thread_is_joined()
        {
            var cfg = KernelConfig.Default;
            cfg.MaxThreads = 40;
            var tk = new TestKernel(cfg);
            var room = Room(tk, tk.InitThread, 40);
            var ids = new List<ThreadId>();
            for (int i = 0; ; i++)
            {
                ulong r = Create(tk, tk.InitThread, room, i);
                if (SyscallReturn.IsError(r))
                {
                    Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(r));
                    break;
                }
                ids.Add(new ThreadId(r));
            }
            Assert.Equal(39, ids.Count);
            Assert.Equal(40, tk.K.LiveThreadCount);
            int tables = tk.Platform.PageTables.Count;
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(tk.CreateRaw(tk.InitThread, ElfBuilder.Minimal().Build())));
            Assert.Equal(tables, tk.Platform.PageTables.Count);
            Assert.Equal(40, tk.Platform.KernelStacks.Count);
            Assert.Equal(1, tk.K.LiveProcessCount);
            tk.Exits(tk.K.LookupThread(ids[0]), SyscallFrames.ExitThread(0));
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(Create(tk, tk.InitThread, room, 0)));   // exited, not joined: still held
            tk.Ok(tk.InitThread, SyscallFrames.JoinThread(ids[0], 0));
            Assert.False(SyscallReturn.IsError(Create(tk, tk.InitThread, room, 0)));
        }

        [Fact]
        public void No_frames_for_a_kernel_stack_is_out_of_memory_and_leaves_nothing_behind()
        {
            var tk = new TestKernel();
            var room = Room(tk, tk.InitThread, 2);
            var taken = new List<ulong>();
            while (tk.Platform.SimFrames.FreeCount >= SimulatedPlatform.StackFrames)
            {
                Assert.True(tk.Platform.SimFrames.TryAllocate(out ulong f));
                taken.Add(f);
            }
            int live = tk.K.LiveThreadCount;
            long frames = tk.Init.Quota.Used(QuotaKind.Frames);
            long threads = tk.Init.Quota.Used(QuotaKind.Threads);
            int free = tk.Platform.SimFrames.FreeCount;
            Assert.Equal(SyscallError.OutOfMemory, SyscallReturn.GetError(Create(tk, tk.InitThread, room, 0)));
            Assert.Equal(live, tk.K.LiveThreadCount);
            Assert.Equal(frames, tk.Init.Quota.Used(QuotaKind.Frames));
            Assert.Equal(threads, tk.Init.Quota.Used(QuotaKind.Threads));
            Assert.Equal(free, tk.Platform.SimFrames.FreeCount);
            foreach (ulong f in taken)
                tk.Platform.SimFrames.Free(f);
            Assert.False(SyscallReturn.IsError(Create(tk, tk.InitThread, room, 0)));
        }

        [Fact]
        public void A_frames_quota_without_room_for_a_kernel_stack_is_exhausted_while_the_machine_has_frames()
        {
            var tk = new TestKernel();
            var (child, main) = tk.SpawnWithShare(2);
            var room = Room(tk, main, 2);
            // Touch its own memory until only less than a stack's worth of its Frames quota is left.
            long left = child.Quota.Limit(QuotaKind.Frames) - child.Quota.Used(QuotaKind.Frames);
            ulong fill = tk.MapAnon(main, (ulong)left * 4096);
            for (ulong a = fill; child.Quota.Limit(QuotaKind.Frames) - child.Quota.Used(QuotaKind.Frames) >= SimulatedPlatform.StackFrames; a += 4096)
                Assert.Equal(SyscallError.Success, Veridian.Kernel.Memory.UserMemory.Write(child.Memory, a, (byte)1));
            Assert.True(tk.Platform.SimFrames.FreeCount > 100);
            int slots = child.ThreadSlots;
            Assert.Equal(SyscallError.ResourceExhausted, SyscallReturn.GetError(Create(tk, main, room, 0)));
            Assert.Equal(slots, child.ThreadSlots);
            Assert.True(child.Quota.Used(QuotaKind.Frames) <= child.Quota.Limit(QuotaKind.Frames));
        }

        [Fact]
        public void The_end_of_a_process_visits_only_its_own_threads()
        {
            // Another process's threads are on no list of this one: a kill leaves them as they were.
            var tk = new TestKernel();
            var (a, mainA) = tk.Spawn();
            var (b, mainB) = tk.Spawn();
            var roomB = Room(tk, mainB, 50);
            for (int i = 0; i < 50; i++)
                Create(tk, mainB, roomB, i);
            tk.NewThread(mainA);
            tk.Ok(tk.InitThread, SyscallFrames.KillProcess(a.Id));
            Assert.Equal(51, b.ThreadSlots);
            int n = 0;
            for (Thread t = b.FirstThread; t != null; t = t.NextInProcess)
            {
                Assert.Same(b, t.Process);
                Assert.Equal(ThreadState.Ready, t.State);
                n++;
            }
            Assert.Equal(51, n);
        }
    }
}
