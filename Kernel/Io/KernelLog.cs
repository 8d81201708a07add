using System;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// The kernel log: a byte stream with absolute offsets (byte 0 is the first byte ever
    /// logged) kept in a ring of fixed size. Everything written to the console is appended.
    /// SYS_READ at offset N returns bytes from N; bytes already overwritten are NotFound.
    /// </summary>
    public sealed class KernelLog : KernelObject
    {
        private readonly byte[] ring;
        private ulong end;

        public KernelLog(int capacity) : base(ObjectType.Log)
        {
            ring = new byte[capacity];
        }

        /// <summary>Offset one past the last byte logged.</summary>
        public ulong End => end;

        /// <summary>Oldest offset still held.</summary>
        public ulong Start => end > (ulong)ring.Length ? end - (ulong)ring.Length : 0;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                ring[(int)(end % (ulong)ring.Length)] = bytes[i];
                end++;
            }
        }

        /// <summary>Copies bytes from <paramref name="offset"/> (Start &lt;= offset &lt;= End) into <paramref name="destination"/>.</summary>
        public int Read(ulong offset, Span<byte> destination)
        {
            int n = 0;
            while (n < destination.Length && offset + (ulong)n < end)
            {
                destination[n] = ring[(int)((offset + (ulong)n) % (ulong)ring.Length)];
                n++;
            }
            return n;
        }
    }
}
