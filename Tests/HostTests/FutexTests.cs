using System;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>SYS_FUTEX_WAIT / SYS_FUTEX_WAKE: values, timeouts through the timer queue, wake counts, address checks, cleanup.</summary>
    public sealed class FutexTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;

        private ulong Word(uint value)
        {
            ulong page = tk.MapAnon(T, 4096);
            Set(tk.Init, page, value);
            return page;
        }

        private void Set(Process p, ulong address, uint value) =>
            Assert.Equal(SyscallError.Success, Veridian.Kernel.Memory.UserMemory.Write(p.Memory, address, value));

        private static SyscallFrame Wait(ulong address, uint expected, ulong timeout) =>
            SyscallFrames.FutexWait(new UserPtr<uint>(address), expected, timeout);

        private static SyscallFrame Wake(ulong address, uint count) => SyscallFrames.FutexWake(new UserPtr<uint>(address), count);

        [Fact]
        public void A_changed_value_is_busy_and_does_not_block()
        {
            ulong w = Word(5);
            Assert.Equal(SyscallError.Busy, tk.Err(T, Wait(w, 6, Abi.WaitForever)));
            Assert.Equal(ThreadState.Ready, T.State);
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
        }

        [Fact]
        public void Timeout_zero_with_the_value_unchanged_is_timeout_at_once()
        {
            ulong w = Word(5);
            Assert.Equal(SyscallError.Timeout, tk.Err(T, Wait(w, 5, Abi.NoWait)));
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
        }

        [Fact]
        public void A_waiter_is_woken_by_wake_with_success_and_wake_counts_it()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = Word(0);
            tk.Blocks(waiter, Wait(w, 0, Abi.WaitForever));
            Assert.Equal(1, tk.K.Tasks.Futexes.Count);
            Assert.False(waiter.InTimerQueue);                          // no deadline: not in the timer queue
            Assert.Equal(1UL, tk.Ok(T, Wake(w, 10)));
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(waiter));
            Assert.Equal(ThreadState.Ready, waiter.State);
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
            Assert.Equal(0UL, tk.Ok(T, Wake(w, 10)));                   // nobody left
        }

        [Fact]
        public void Wake_wakes_at_most_count_oldest_first_and_only_that_address()
        {
            Thread a = tk.NewThread(T), b = tk.NewThread(T), c = tk.NewThread(T);
            ulong w = Word(0);
            Set(tk.Init, w + 4, 0);
            tk.Blocks(a, Wait(w, 0, Abi.WaitForever));
            tk.Blocks(b, Wait(w, 0, Abi.WaitForever));
            tk.Blocks(c, Wait(w + 4, 0, Abi.WaitForever));
            Assert.Equal(0UL, tk.Ok(T, Wake(w, 0)));
            Assert.Equal(1UL, tk.Ok(T, Wake(w, 1)));
            Assert.Equal(ThreadState.Ready, a.State);                   // first come, first woken
            Assert.Equal(ThreadState.Blocked, b.State);
            Assert.Equal(1UL, tk.Ok(T, Wake(w, 5)));
            Assert.Equal(ThreadState.Ready, b.State);
            Assert.Equal(ThreadState.Blocked, c.State);                 // another word
            Assert.Equal(1UL, tk.Ok(T, Wake(w + 4, uint.MaxValue)));
        }

        [Fact]
        public void The_same_address_in_another_process_is_another_futex()
        {
            const ulong at = 0x20_0000_0000;
            var (child, main) = tk.Spawn(T);
            Thread sibling = tk.NewThread(main);
            foreach (Thread t in new[] { T, main })
                Assert.Equal(at, tk.As(t, () => Veridian.UserLib.Sys.Mmap(at, 4096, ProtectionFlags.Read | ProtectionFlags.Write,
                    MapFlags.Private | MapFlags.Anonymous | MapFlags.Fixed, Capability.Null, 0)).Value);
            tk.Blocks(main, Wait(at, 0, Abi.WaitForever));
            Assert.Equal(0UL, tk.Ok(T, Wake(at, 1)));                   // init's word at that address is not the child's
            Assert.Equal(ThreadState.Blocked, main.State);
            Assert.Equal(1UL, tk.Ok(sibling, Wake(at, 1)));
            Assert.Equal(ThreadState.Ready, main.State);
            Assert.Same(child, main.Process);
        }

        [Fact]
        public void A_finite_wait_times_out_through_the_timer_queue()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = Word(3);
            tk.Blocks(waiter, Wait(w, 3, 1_000_000));
            Assert.True(waiter.InTimerQueue);
            tk.K.AdvanceTime(999_999);
            Assert.Equal(ThreadState.Blocked, waiter.State);
            tk.K.AdvanceTime(1);
            Assert.Equal(SyscallError.Timeout, TestKernel.WokenWith(waiter));
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);                  // the timeout took it out of the table
            Assert.Equal(0UL, tk.Ok(T, Wake(w, 1)));
        }

        [Fact]
        public void A_woken_waiter_leaves_the_timer_queue()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = Word(3);
            tk.Blocks(waiter, Wait(w, 3, 5_000_000));
            Assert.Equal(1UL, tk.Ok(T, Wake(w, 1)));
            Assert.False(waiter.InTimerQueue);
            tk.K.AdvanceTime(10_000_000);
            Assert.Equal(SyscallError.Success, TestKernel.WokenWith(waiter));
        }

        [Theory]
        [InlineData(1UL)]
        [InlineData(2UL)]
        [InlineData(3UL)]
        public void A_misaligned_address_is_invalid_parameter(ulong offset)
        {
            ulong w = Word(0);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Wait(w + offset, 0, Abi.WaitForever)));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, Wake(w + offset, 1)));
        }

        [Theory]
        [InlineData(0UL)]                           // null
        [InlineData(0x1000UL)]                      // null guard
        [InlineData(0x0000_5000_0000_0000UL)]       // unmapped
        [InlineData(0x0000_8000_0000_0000UL)]       // non-canonical
        [InlineData(0xFFFF_FFFF_8010_0000UL)]       // kernel
        public void A_bad_address_is_invalid_address(ulong address)
        {
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Wait(address, 0, Abi.WaitForever)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Wake(address, 1)));
        }

        [Fact]
        public void A_word_without_read_permission_is_invalid_address()
        {
            ulong page = tk.MapAnon(T, 4096, ProtectionFlags.None);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(T, Wait(page, 0, Abi.WaitForever)));
        }

        [Fact]
        public void A_value_or_count_above_32_bits_is_invalid_parameter()
        {
            ulong w = Word(0);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallNumber.FutexWait, w, 1UL << 32, Abi.WaitForever));
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(T, SyscallNumber.FutexWake, w, 1UL << 32));
        }

        [Fact]
        public void A_killed_process_leaves_no_waiter_behind()
        {
            var (child, main) = tk.Spawn(T);
            Thread second = tk.NewThread(main);
            ulong w = tk.MapAnon(main, 4096);
            tk.Blocks(main, Wait(w, 0, Abi.WaitForever));
            tk.Blocks(second, Wait(w, 0, 1_000_000_000));
            Assert.Equal(2, tk.K.Tasks.Futexes.Count);
            tk.Ok(T, SyscallFrames.KillProcess(child.Id));
            Assert.Equal(0, tk.K.Tasks.Futexes.Count);
            Assert.Equal(0, tk.K.Tasks.Timers.Count);
            tk.K.AdvanceTime(2_000_000_000);                            // nothing left to expire
        }

        [Fact]
        public void Waiting_and_waking_allocate_nothing()
        {
            Thread waiter = tk.NewThread(T);
            ulong w = Word(0);
            var wait = Wait(w, 0, 1_000_000);
            var wake = Wake(w, 1);
            void Round()
            {
                var a = wait;
                if (SyscallDispatcher.Dispatch(tk.K, waiter, ref a) != SyscallOutcome.Blocked)
                    throw new InvalidOperationException("wait did not block");
                var b = wake;
                SyscallDispatcher.Dispatch(tk.K, T, ref b);
                if (SyscallReturn.GetValue(b.Return) != 1)
                    throw new InvalidOperationException("wake woke nobody");
            }
            AllocationTests.AssertAllocatesNothing(Round);
        }
    }
}
