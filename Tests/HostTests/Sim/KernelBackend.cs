using System;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests.Sim
{
    /// <summary>Thrown by <see cref="KernelBackend"/> when a UserLib call blocks: on the host nothing
    /// else runs until the test wakes the thread, so the wrapper cannot return.</summary>
    public sealed class SyscallBlockedException : Exception
    {
        public SyscallBlockedException(ulong number) : base($"syscall {number} blocked") { }
    }

    /// <summary>
    /// UserLib's host backend: the raw calls of one thread go through the real dispatcher, and
    /// the bytes behind user pointers are placed in (and read back from) that thread's
    /// process memory over the simulated platform.
    /// </summary>
    public sealed unsafe class KernelBackend : ISyscallBackend
    {
        private readonly TestKernel tk;
        public readonly Thread Thread;

        /// <summary>What the dispatcher said about the last call.</summary>
        public SyscallOutcome LastOutcome { get; private set; }

        public KernelBackend(TestKernel tk, Thread thread)
        {
            this.tk = tk;
            Thread = thread;
        }

        public ulong Invoke(ulong number, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
        {
            var frame = new SyscallFrame(number, a0, a1, a2, a3, a4, a5);
            LastOutcome = SyscallDispatcher.Dispatch(tk.K, Thread, ref frame);
            if (LastOutcome == SyscallOutcome.Completed)
                ErrorLedger.Check(number, frame.Return);
            if (LastOutcome == SyscallOutcome.Blocked)
                throw new SyscallBlockedException(number);
            return LastOutcome == SyscallOutcome.Completed ? frame.Return : 0;
        }

        public ulong CopyIn(void* source, ulong length) => tk.Put(Thread.Process, new ReadOnlySpan<byte>(source, checked((int)length)));

        public ulong Reserve(ulong length) => tk.Reserve(Thread.Process, Math.Max(length, 1));

        public void CopyBack(ulong address, void* destination, ulong length)
        {
            Assert.Equal(SyscallError.Success, UserMemory.CopyIn(Thread.Process.Memory, address, new Span<byte>(destination, checked((int)length))));
        }
    }
}
