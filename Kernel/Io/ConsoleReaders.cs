using System;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// The waits of threads blocked in SYS_READ on the console, first come first served, and the hand-over
    /// of typed bytes to them. A reader gets whatever has arrived (at least one byte, at most
    /// its count), like a terminal read. Its buffer is checked before any byte leaves the input
    /// ring, so bytes are never lost to a reader that cannot take them (docs/abi.md).
    /// </summary>
    public sealed class ConsoleReaders
    {
        private ConsoleReadWait head;
        private ConsoleReadWait tail;
        // One wait per thread slot: blocking allocates nothing.
        private readonly ConsoleReadWait[] waits;

        public ConsoleReaders(KernelServices kernel)
        {
            ObjectTable<Thread> threads = kernel.Tasks.Threads;
            waits = new ConsoleReadWait[threads.Capacity];
            for (int i = 0; i < waits.Length; i++)
                waits[i] = new ConsoleReadWait(kernel, threads.At(i), this);
        }

        public bool IsEmpty => head == null;

        /// <summary><paramref name="t"/> waits for typed bytes, behind the readers already waiting.</summary>
        public Wait BeginRead(Thread t, ulong buffer, ulong length) => waits[t.Index].Begin(buffer, length);

        internal void Add(ConsoleReadWait w)
        {
            w.Next = null;
            if (tail != null) tail.Next = w;
            else head = w;
            tail = w;
        }

        internal void Remove(ConsoleReadWait w)
        {
            ConsoleReadWait previous = null;
            for (ConsoleReadWait r = head; r != null; previous = r, r = r.Next)
            {
                if (r != w) continue;
                Unlink(previous, r);
                return;
            }
        }

        private void Unlink(ConsoleReadWait previous, ConsoleReadWait r)
        {
            if (previous != null) previous.Next = r.Next;
            else head = r.Next;
            if (tail == r) tail = previous;
            r.Next = null;
        }

        /// <summary>
        /// Serves waiting readers, in the order they came, from the console's input: a diverted
        /// Ctrl-C to a reader of the controller, typed bytes to a reader that may read them
        /// (<see cref="ConsoleObject.MayRead"/>); readers that may not stay waiting.
        /// </summary>
        public void Deliver(KernelServices k, ConsoleObject console)
        {
            ConsoleInput input = console.Input;
            Span<byte> chunk = stackalloc byte[256];
            ConsoleReadWait previous = null;
            ConsoleReadWait w = head;
            while (w != null && (input.Count > 0 || input.Interrupts > 0))
            {
                ConsoleReadWait next = w.Next;
                Process reader = w.Thread.Process;
                bool interrupt = console.HasInterruptFor(reader);
                if (!interrupt && (input.Count == 0 || !console.MayRead(reader)))
                {
                    previous = w;
                    w = next;
                    continue;
                }
                Unlink(previous, w);
                // Claim before taking bytes: a reader that stopped waiting must not consume input.
                if (!w.Claim())
                {
                    w = next;
                    continue;
                }

                ulong want = interrupt ? 1 : w.Length < (ulong)chunk.Length ? w.Length : (ulong)chunk.Length;
                if (!interrupt && (ulong)input.Count < want) want = (ulong)input.Count;
                ulong buffer = w.Buffer;
                SyscallError e = UserMemory.Probe(reader.Memory, buffer, want, ProtectionFlags.Write);
                int n = 0;
                if (e == SyscallError.Success)
                {
                    if (interrupt)
                    {
                        input.Interrupts--;
                        chunk[0] = ConsoleInput.Interrupt;
                        n = 1;
                    }
                    else
                    {
                        n = input.Take(chunk.Slice(0, (int)want));
                    }
                    e = UserMemory.CopyOut(reader.Memory, buffer, chunk.Slice(0, n));
                }
                w.Finish(e, e == SyscallError.Success ? (ulong)n : 0);
                w = next;
            }
        }
    }
}
