using System;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// Threads blocked in SYS_READ on the console, first come first served, and the hand-over
    /// of typed bytes to them. A reader gets whatever has arrived (at least one byte, at most
    /// its count), like a terminal read. Its buffer is checked before any byte leaves the input
    /// ring, so bytes are never lost to a reader that cannot take them (docs/abi.md).
    /// </summary>
    public sealed class ConsoleReaders
    {
        private Thread head;
        private Thread tail;

        public bool IsEmpty => head == null;

        public void Add(Thread t)
        {
            t.NextWaiter = null;
            if (tail != null) tail.NextWaiter = t;
            else head = t;
            tail = t;
        }

        public void Remove(Thread t)
        {
            Thread previous = null;
            for (Thread r = head; r != null; previous = r, r = r.NextWaiter)
            {
                if (r != t) continue;
                if (previous != null) previous.NextWaiter = r.NextWaiter;
                else head = r.NextWaiter;
                if (tail == r) tail = previous;
                r.NextWaiter = null;
                return;
            }
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
            Thread previous = null;
            Thread t = head;
            while (t != null && (input.Count > 0 || input.Interrupts > 0))
            {
                Thread next = t.NextWaiter;
                bool interrupt = console.HasInterruptFor(t.Process);
                if (!interrupt && (input.Count == 0 || !console.MayRead(t.Process)))
                {
                    previous = t;
                    t = next;
                    continue;
                }
                if (previous != null) previous.NextWaiter = next;
                else head = next;
                if (tail == t) tail = previous;
                t.NextWaiter = null;

                ulong want = interrupt ? 1 : t.WaitLength < (ulong)chunk.Length ? t.WaitLength : (ulong)chunk.Length;
                if (!interrupt && (ulong)input.Count < want) want = (ulong)input.Count;
                ulong buffer = t.WaitBuffer;
                SyscallError e = UserMemory.Probe(t.Process.Memory, buffer, want, ProtectionFlags.Write);
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
                    e = UserMemory.CopyOut(t.Process.Memory, buffer, chunk.Slice(0, n));
                }
                k.Tasks.Wake(t, e, e == SyscallError.Success ? (ulong)n : 0);
                t = next;
            }
        }
    }
}
