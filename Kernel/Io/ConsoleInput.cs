using System;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// Bytes typed at the console (serial port and keyboard alike), waiting for a reader. A fixed
    /// ring: when nobody reads and it fills, further bytes are dropped and counted, so a flood of
    /// input costs the kernel nothing but the ring.
    /// </summary>
    public sealed class ConsoleInput
    {
        private readonly byte[] ring;
        private int head;      // next byte to take
        private int count;

        public ConsoleInput(int capacity)
        {
            ring = new byte[capacity];
        }

        public int Count => count;
        public ulong Dropped { get; private set; }

        /// <summary>Set while the console has a foreground (<see cref="ConsoleObject"/>): Ctrl-C is counted in <see cref="Interrupts"/> instead of entering the ring.</summary>
        public bool DivertInterrupts;
        /// <summary>Ctrl-Cs diverted and not yet read by the controller.</summary>
        public int Interrupts;

        public const byte Interrupt = 3;   // Ctrl-C

        public void Put(byte b)
        {
            if (b == Interrupt && DivertInterrupts)
            {
                if (Interrupts < 64) Interrupts++;
                else Dropped++;
                return;
            }
            if (count == ring.Length)
            {
                Dropped++;
                return;
            }
            ring[(head + count) % ring.Length] = b;
            count++;
        }

        /// <summary>Moves up to <c>into.Length</c> waiting bytes into <paramref name="into"/>; returns how many.</summary>
        public int Take(Span<byte> into)
        {
            int n = into.Length < count ? into.Length : count;
            for (int i = 0; i < n; i++)
                into[i] = ring[(head + i) % ring.Length];
            head = (head + n) % ring.Length;
            count -= n;
            return n;
        }
    }
}
