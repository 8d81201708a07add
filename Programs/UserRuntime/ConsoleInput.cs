using System;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// Reading the console: a plain SYS_READ on the console capability (caps[0]). The kernel
    /// gives a program the typed bytes only while it is the console's foreground (the shell
    /// hands it over for a foreground program, docs/shell.md "Input"); a background job's
    /// console has no Read right, so its reads fail with PermissionDenied.
    /// <para>
    /// The kernel does no line editing and no echo (bytes arrive as typed: Enter is <c>\r</c>);
    /// <see cref="ReadLine(Span{byte})"/> is the small line discipline a program reading lines
    /// wants: it echoes, handles Backspace, ends a line at Enter, and reports end of input at
    /// Ctrl-D on an empty line. One reader thread at a time.
    /// </para>
    /// </summary>
    public static unsafe class ConsoleInput
    {
        public const int MaxLine = 256;
        private const int PendingSize = 256;
        private const byte CtrlD = 4;

        private struct Bytes256
        {
            public fixed byte Bytes[PendingSize];
        }

        private static Bytes256 s_pending;
        private static int s_pendingStart, s_pendingCount;
        private static bool s_lastWasCr;

        /// <summary>Why the last <see cref="ReadLine(Span{byte})"/> ended input: Success for Ctrl-D, else the read's error.</summary>
        public static SyscallError LastError { get; private set; }

        private static byte* Pending => (byte*)Unsafe.AsPointer(ref s_pending);

        /// <summary>What has been typed, at least one byte (blocks until then); the raw SYS_READ, after pending output is flushed.</summary>
        public static SysResult Read(Span<byte> into)
        {
            Console.Flush();
            if (s_pendingCount > 0)
            {
                int n = into.Length < s_pendingCount ? into.Length : s_pendingCount;
                for (int i = 0; i < n; i++) into[i] = Pending[s_pendingStart + i];
                s_pendingStart += n;
                s_pendingCount -= n;
                return new SysResult(SyscallReturn.Ok((ulong)n));
            }
            return Sys.Read(Process.ConsoleCapability, into, 0);
        }

        private static int NextByte()
        {
            if (s_pendingCount == 0)
            {
                Console.Flush();
                SysResult r = Sys.Read(Process.ConsoleCapability, new Span<byte>(Pending, PendingSize), 0);
                if (!r.IsOk || r.Value == 0)
                {
                    LastError = r.IsOk ? SyscallError.Success : r.Error;
                    return -1;
                }
                s_pendingStart = 0;
                s_pendingCount = (int)r.Value;
            }
            s_pendingCount--;
            return Pending[s_pendingStart++];
        }

        /// <summary>
        /// Reads one line into <paramref name="line"/> (without its end), echoing it; returns its
        /// length, or -1 at end of input (Ctrl-D on an empty line, or the console cannot be read).
        /// Ctrl-D after some text ends that line. Printable ASCII and tab are kept; Backspace
        /// (0x7F or 0x08) deletes the last one; other bytes are dropped; past the buffer's length
        /// (at most <see cref="MaxLine"/>) further text is dropped.
        /// </summary>
        public static int ReadLine(Span<byte> line)
        {
            int capacity = line.Length < MaxLine ? line.Length : MaxLine;
            int length = 0;
            for (;;)
            {
                int b = NextByte();
                if (b < 0) return length > 0 ? length : -1;
                bool cr = s_lastWasCr;
                s_lastWasCr = b == '\r';
                if (b == '\n' && cr) continue;               // \r\n is one Enter
                if (b == '\r' || b == '\n')
                {
                    Console.Write('\n');
                    return length;
                }
                if (b == CtrlD)
                {
                    LastError = SyscallError.Success;
                    if (length == 0) return -1;
                    Console.Write('\n');
                    return length;
                }
                if (b == 0x7F || b == 0x08)
                {
                    if (length == 0) continue;
                    length--;
                    Console.EraseLast();
                    continue;
                }
                if ((b < 0x20 && b != '\t') || b > 0x7E || length == capacity) continue;
                line[length++] = (byte)b;
                Console.Write((char)b);
            }
        }

        /// <summary>The next line as a string (see <see cref="ReadLine(Span{byte})"/>), null at end of input.</summary>
        public static string ReadLine()
        {
            byte* buffer = stackalloc byte[MaxLine];
            int n = ReadLine(new Span<byte>(buffer, MaxLine));
            return n < 0 ? null : Text.FromBytes(buffer, n);
        }
    }
}
