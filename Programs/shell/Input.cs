using System.Runtime.CompilerServices;
using Veridian.RuntimeCore;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;

namespace Veridian.Programs
{
    /// <summary>
    /// The console's bytes, read by a thread of their own. SYS_READ on the console has no
    /// timeout, so the main thread could not notice Ctrl-C while it waits for a foreground
    /// program; instead a reader thread blocks in SYS_READ and puts every byte in this ring,
    /// and the main thread polls it (between 20 ms waits for the program, or 2 ms sleeps at the
    /// prompt). Bytes typed while a program runs stay here for the next prompt.
    /// </summary>
    internal static unsafe class Input
    {
        private const int Capacity = 4096;

        private struct Ring
        {
            public fixed byte Bytes[Capacity];
        }

        private static Ring s_ring;
        private static int s_head, s_count;
        private static ulong s_lock;
        private static ulong s_dropped;
        private static Capability s_console;
        private static UserThread s_thread;

        private static ulong* Lock => (ulong*)Unsafe.AsPointer(ref s_lock);
        private static byte* Bytes => (byte*)Unsafe.AsPointer(ref s_ring);

        public static SysResult Start(Capability console)
        {
            s_console = console;
            return Threads.Start(&ReaderThread, 0, Threads.DefaultStackSize, out s_thread);
        }

        private static int ReaderThread(ulong unused)
        {
            byte* buffer = stackalloc byte[256];
            for (;;)
            {
                SysResult r = Sys.Read(s_console, new System.Span<byte>(buffer, 256), 0);
                if (!r.IsOk)
                {
                    Sys.Nanosleep(new Timespec(0, 10_000_000));
                    continue;
                }
                SpinLock.Acquire(Lock);
                for (int i = 0; i < (int)r.Value; i++)
                {
                    if (s_count == Capacity) { s_dropped++; continue; }
                    Bytes[(s_head + s_count) % Capacity] = buffer[i];
                    s_count++;
                }
                SpinLock.Release(Lock);
            }
        }

        /// <summary>The next typed byte, or -1 if none is waiting.</summary>
        public static int TryTake()
        {
            SpinLock.Acquire(Lock);
            int b = -1;
            if (s_count > 0)
            {
                b = Bytes[s_head];
                s_head = (s_head + 1) % Capacity;
                s_count--;
            }
            SpinLock.Release(Lock);
            return b;
        }

        /// <summary>Waits for the next typed byte.</summary>
        public static byte Take()
        {
            for (;;)
            {
                int b = TryTake();
                if (b >= 0) return (byte)b;
                Console.Flush();
                Sys.Nanosleep(new Timespec(0, 2_000_000));
            }
        }

        /// <summary>True if Ctrl-C is waiting; it and everything typed before it is discarded.</summary>
        public static bool TakeInterrupt()
        {
            SpinLock.Acquire(Lock);
            bool found = false;
            for (int i = 0; i < s_count && !found; i++)
            {
                if (Bytes[(s_head + i) % Capacity] != 3) continue;
                s_head = (s_head + i + 1) % Capacity;
                s_count -= i + 1;
                found = true;
            }
            SpinLock.Release(Lock);
            return found;
        }

        /// <summary>Bytes lost because the ring was full since the last call (a flood of input).</summary>
        public static ulong TakeDropped()
        {
            SpinLock.Acquire(Lock);
            ulong d = s_dropped;
            s_dropped = 0;
            SpinLock.Release(Lock);
            return d;
        }
    }
}
