using System;
using System.Runtime.CompilerServices;
using Veridian.RuntimeCore;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// Text output on the console capability (by convention the first capability a program is
    /// granted). Output is buffered per process and written with one SYS_WRITE per line, so lines
    /// of processes and threads printing at the same time do not interleave mid-line.
    /// </summary>
    public static unsafe class Console
    {
        private const int BufferSize = 512;

        private struct Buffer
        {
            public fixed byte Bytes[BufferSize];
        }

        private static Buffer s_buffer;
        private static int s_used;
        // The text written since the last newline or carriage return: what EraseLast redraws.
        private const int TailSize = 160;
        private struct Tail
        {
            public fixed byte Bytes[TailSize];
        }
        private static Tail s_tail;
        private static int s_tailLength;
        private static bool s_tailCut;
        private static ulong s_lock;
        private static Capability s_override;
        private static bool s_hasOverride;

        private static ulong* Lock => (ulong*)Unsafe.AsPointer(ref s_lock);
        private static byte* Bytes => (byte*)Unsafe.AsPointer(ref s_buffer);
        private static byte* TailBytes => (byte*)Unsafe.AsPointer(ref s_tail);

        /// <summary>Where output goes; the granted console unless <see cref="UseCapability"/> changed it.</summary>
        public static Capability Target => s_hasOverride ? s_override : Process.ConsoleCapability;

        public static void UseCapability(Capability console)
        {
            s_override = console;
            s_hasOverride = true;
        }

        public static void Write(string s)
        {
            if (s == null) return;
            SpinLock.Acquire(Lock);
            for (int i = 0; i < s.Length; i++) Put(s[i] < 128 ? (byte)s[i] : (byte)'?');
            SpinLock.Release(Lock);
        }

        public static void Write(char c)
        {
            SpinLock.Acquire(Lock);
            Put(c < 128 ? (byte)c : (byte)'?');
            SpinLock.Release(Lock);
        }

        public static void WriteBytes(ReadOnlySpan<byte> bytes)
        {
            SpinLock.Acquire(Lock);
            for (int i = 0; i < bytes.Length; i++) Put(bytes[i]);
            SpinLock.Release(Lock);
        }

        public static void WriteLine(string s)
        {
            Write(s);
            Write('\n');
        }

        public static void WriteLine() => Write('\n');

        public static void WriteDecimal(long value)
        {
            if (value < 0)
            {
                Write('-');
                WriteDecimal((ulong)(-(value + 1)) + 1);
            }
            else WriteDecimal((ulong)value);
        }

        public static void WriteDecimal(ulong value)
        {
            byte* digits = stackalloc byte[20];
            int n = 0;
            do { digits[n++] = (byte)('0' + value % 10); value /= 10; } while (value != 0);
            SpinLock.Acquire(Lock);
            while (n > 0) Put(digits[--n]);
            SpinLock.Release(Lock);
        }

        public static void WriteHex(ulong value)
        {
            SpinLock.Acquire(Lock);
            Put((byte)'0');
            Put((byte)'x');
            bool started = false;
            for (int shift = 60; shift >= 0; shift -= 4)
            {
                int d = (int)(value >> shift) & 15;
                if (d == 0 && !started && shift != 0) continue;
                started = true;
                Put((byte)(d < 10 ? '0' + d : 'a' + d - 10));
            }
            SpinLock.Release(Lock);
        }

        /// <summary>Writes out whatever is buffered (also done at every newline and at exit).</summary>
        public static void Flush()
        {
            SpinLock.Acquire(Lock);
            FlushLocked();
            SpinLock.Release(Lock);
        }

        /// <summary>
        /// Takes back the last character written on the current line (an echoed key that
        /// Backspace deletes). The kernel console has no backspace control, so the line is
        /// redrawn in place: carriage return, the line without it, a blank over it, carriage
        /// return, the line again. Nothing happens at the start of a line or on a line longer
        /// than 160 characters.
        /// </summary>
        public static void EraseLast()
        {
            SpinLock.Acquire(Lock);
            if (s_tailLength > 0 && !s_tailCut)
            {
                s_tailLength--;
                PutRaw((byte)'\r');
                for (int i = 0; i < s_tailLength; i++) PutRaw(TailBytes[i]);
                PutRaw((byte)' ');
                PutRaw((byte)'\r');
                for (int i = 0; i < s_tailLength; i++) PutRaw(TailBytes[i]);
                FlushLocked();
            }
            SpinLock.Release(Lock);
        }

        private static void Put(byte b)
        {
            if (b == (byte)'\n' || b == (byte)'\r')
            {
                s_tailLength = 0;
                s_tailCut = false;
            }
            else if (s_tailLength < TailSize) TailBytes[s_tailLength++] = b;
            else s_tailCut = true;
            PutRaw(b);
            if (b == (byte)'\n') FlushLocked();
        }

        private static void PutRaw(byte b)
        {
            if (s_used == BufferSize) FlushLocked();
            Bytes[s_used++] = b;
        }

        private static void FlushLocked()
        {
            if (s_used == 0) return;
            Sys.Write(Target, new ReadOnlySpan<byte>(Bytes, s_used), 0);
            s_used = 0;
        }
    }
}
