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

        /// <summary>Serves waiting readers from <paramref name="input"/> until one of them runs out.</summary>
        public void Deliver(KernelServices k, ConsoleInput input)
        {
            Span<byte> chunk = stackalloc byte[256];
            while (head != null && input.Count > 0)
            {
                Thread t = head;
                head = t.NextWaiter;
                if (head == null) tail = null;
                t.NextWaiter = null;

                ulong want = t.WaitLength < (ulong)chunk.Length ? t.WaitLength : (ulong)chunk.Length;
                if ((ulong)input.Count < want) want = (ulong)input.Count;
                ulong buffer = t.WaitBuffer;
                SyscallError e = UserMemory.Probe(t.Process.Memory, buffer, want, ProtectionFlags.Write);
                int n = 0;
                if (e == SyscallError.Success)
                {
                    n = input.Take(chunk.Slice(0, (int)want));
                    e = UserMemory.CopyOut(t.Process.Memory, buffer, chunk.Slice(0, n));
                }
                k.Tasks.Wake(t, e, e == SyscallError.Success ? (ulong)n : 0);
            }
        }
    }
}
