using System.Runtime;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// libSystem.Native, the functions CoreLib and the class library P/Invoke on Unix, as far as a
    /// console program needs them (docs/dotnet.md "The PAL"). fds 0-2 are the console; there is
    /// no file system in the kernel (files are a user-space service), so file calls fail with
    /// ENOENT/ENOTSUP and CoreLib turns that into an IOException, never a crash.
    /// </summary>
    internal static unsafe class SystemNative
    {
        // Linux errno values, as CoreLib's Interop.Sys.ConvertErrorPlatformToPal expects them mapped.
        public const int ENOENT = 2, EBADF = 9, ENOMEM = 12, EACCES = 13, EINVAL = 22, ENOTTY = 25, ENOSYS = 38, ENOTSUP = 95;

        private static int s_errno;

        private static int Fail(int errno)
        {
            s_errno = errno;
            return -1;
        }

        [RuntimeExport("SystemNative_GetErrNo")]
        private static int GetErrNo() => s_errno;

        [RuntimeExport("SystemNative_SetErrNo")]
        private static void SetErrNo(int errno) => s_errno = errno;

        [RuntimeExport("SystemNative_Write")]
        private static int Write(nint fd, byte* buffer, int count)
        {
            if (fd < 0 || fd > 2) return Fail(EBADF);
            int n = Console.Write(buffer, count);
            return n < 0 ? Fail(EBADF) : n;
        }

        [RuntimeExport("SystemNative_Read")]
        private static int Read(nint fd, byte* buffer, int count)
        {
            if (fd < 0 || fd > 2) return Fail(EBADF);
            int n = Console.Read(buffer, count);
            return n < 0 ? 0 : n;   // the console closed: end of input
        }

        [RuntimeExport("SystemNative_Dup")]
        private static nint Dup(nint fd) => fd >= 0 && fd <= 2 ? fd : Fail(EBADF);

        [RuntimeExport("SystemNative_Close")]
        private static int Close(nint fd) => 0;

        /// <summary>Not a terminal: Console then reads and writes plain streams (no terminfo, no echo control).</summary>
        [RuntimeExport("SystemNative_IsATty")]
        private static int IsATty(nint fd) => 0;

        [RuntimeExport("SystemNative_InitializeTerminalAndSignalHandling")]
        private static int InitializeTerminalAndSignalHandling() => 1;

        [RuntimeExport("SystemNative_UninitializeTerminal")]
        private static void UninitializeTerminal() { }

        [RuntimeExport("SystemNative_SetKeypadXmit")]
        private static void SetKeypadXmit(nint fd, byte* terminfo) { }

        [RuntimeExport("SystemNative_SetTerminalInvalidationHandler")]
        private static void SetTerminalInvalidationHandler(void* handler) { }

        [RuntimeExport("SystemNative_GetControlCharacters")]
        private static void GetControlCharacters(int* names, byte* values, int count, byte* posixDisable)
        {
            for (int i = 0; i < count; i++) values[i] = 0;
            *posixDisable = 0;
        }

        [RuntimeExport("SystemNative_GetWindowSize")]
        private static int GetWindowSize(nint fd, void* size) => Fail(ENOTTY);

        [RuntimeExport("SystemNative_GetEnv")]
        private static byte* GetEnv(byte* name) => Environment.Get(name);

        [RuntimeExport("SystemNative_GetCwd")]
        private static byte* GetCwd(byte* buffer, int size)
        {
            if (size < 2) { s_errno = EINVAL; return null; }
            buffer[0] = (byte)'/';
            buffer[1] = 0;
            return buffer;
        }

        [RuntimeExport("SystemNative_GetEUid")]
        private static uint GetEUid() => 0;

        [RuntimeExport("SystemNative_GetPwUidR")]
        private static int GetPwUidR(uint uid, void* passwd, byte* buffer, int length) => ENOENT;

        [RuntimeExport("SystemNative_GetNonCryptographicallySecureRandomBytes")]
        private static void GetRandomBytes(byte* buffer, int length) => Random.Fill(buffer, length);

        [RuntimeExport("SystemNative_GetTimestamp")]
        private static long GetTimestamp() => Clock.MonotonicNanoseconds();

        [RuntimeExport("SystemNative_GetLowResolutionTimestamp")]
        private static long GetLowResolutionTimestamp() => Clock.MonotonicNanoseconds() / 1_000_000;

        /// <summary>DateTime.UtcNow: 100 ns ticks since the Unix epoch.</summary>
        [RuntimeExport("SystemNative_GetSystemTimeAsTicks")]
        private static long GetSystemTimeAsTicks() => Clock.RealtimeNanoseconds() / 100;

        [RuntimeExport("SystemNative_SchedGetCpu")]
        private static int SchedGetCpu() => 0;

        /// <summary>
        /// The thread pool's CPU-use sample (percent since the previous one). The kernel keeps no
        /// per-process CPU time yet, so always 0: the pool's hill climbing then sees an idle CPU.
        /// </summary>
        [RuntimeExport("SystemNative_GetCpuUtilization")]
        private static int GetCpuUtilization(void* previous) => 0;

        [RuntimeExport("SystemNative_Malloc")]
        private static void* Malloc(nuint size) => NativeHeap.Allocate(size);

        [RuntimeExport("SystemNative_Calloc")]
        private static void* Calloc(nuint count, nuint size) => NativeHeap.Allocate(count * size);

        [RuntimeExport("SystemNative_Realloc")]
        private static void* Realloc(void* pointer, nuint size)
        {
            if (pointer == null) return NativeHeap.Allocate(size);
            ulong old = NativeHeap.UsableSize(pointer);
            if (size <= old) return pointer;
            void* copy = NativeHeap.Allocate(size);
            if (copy == null) return null;
            Memory.Move(copy, pointer, (nuint)old);
            NativeHeap.Free(pointer);
            return copy;
        }

        [RuntimeExport("SystemNative_Free")]
        private static void Free(void* pointer) => NativeHeap.Free(pointer);

        // What CoreLib calls after printing an unhandled exception's report: end as abort() does
        // on Linux (exit code 134), without adding a line the host would not print.
        [RuntimeExport("SystemNative_Abort")]
        private static void Abort() => ProcessExit.Exit(ProcessExit.FailFastExitCode);

        [RuntimeExport("SystemNative_LogError")]
        private static void LogError(byte* message, int length) => Console.Write(message, length);

        [RuntimeExport("SystemNative_StrErrorR")]
        private static byte* StrErrorR(int errno, byte* buffer, int length)
        {
            // "error N": CoreLib puts it in the IOException's message.
            if (length < 16) return null;
            int n = 0;
            foreach (char c in "error ") buffer[n++] = (byte)c;
            if (errno < 0) errno = 0;
            int digits = errno < 10 ? 1 : errno < 100 ? 2 : 3;
            for (int d = digits - 1; d >= 0; d--) { buffer[n + d] = (byte)('0' + errno % 10); errno /= 10; }
            buffer[n + digits] = 0;
            return buffer;
        }

        // Linux errno numbers to CoreLib's Interop.Error (PAL) values and back: the few this PAL returns.
        [RuntimeExport("SystemNative_ConvertErrorPlatformToPal")]
        private static int ConvertErrorPlatformToPal(int errno) => errno switch
        {
            ENOENT => 0x1002D, EBADF => 0x10008, ENOMEM => 0x10031, EACCES => 0x10002,
            EINVAL => 0x1001C, ENOTTY => 0x1003E, ENOSYS => 0x10037, ENOTSUP => 0x1003D, _ => 0x10037,
        };

        [RuntimeExport("SystemNative_ConvertErrorPalToPlatform")]
        private static int ConvertErrorPalToPlatform(int error) => error switch
        {
            0x1002D => ENOENT, 0x10008 => EBADF, 0x10031 => ENOMEM, 0x10002 => EACCES,
            0x1001C => EINVAL, 0x1003E => ENOTTY, 0x1003D => ENOTSUP, _ => ENOSYS,
        };

        // Files: the kernel has none (the file service is reached over IPC, not through fds).
        [RuntimeExport("SystemNative_Open")]
        private static nint Open(byte* path, int flags, int mode) => Fail(ENOENT);

        [RuntimeExport("SystemNative_Stat")]
        private static int Stat(byte* path, void* status) => Fail(ENOENT);

        [RuntimeExport("SystemNative_FStat")]
        private static int FStat(nint fd, void* status) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_LSeek")]
        private static long LSeek(nint fd, long offset, int whence) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_PRead")]
        private static int PRead(nint fd, byte* buffer, int count, long offset) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_FLock")]
        private static int FLock(nint fd, int operation) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_LStat")]
        private static int LStat(byte* path, void* status) => Fail(ENOENT);

        [RuntimeExport("SystemNative_ReadLink")]
        private static int ReadLink(byte* path, byte* buffer, int size) => Fail(ENOENT);

        [RuntimeExport("SystemNative_OpenDir")]
        private static void* OpenDir(byte* path)
        {
            s_errno = ENOENT;
            return null;
        }

        [RuntimeExport("SystemNative_ReadDir")]
        private static int ReadDir(void* dir, void* entry) => -1;

        [RuntimeExport("SystemNative_CloseDir")]
        private static int CloseDir(void* dir) => 0;

        [RuntimeExport("SystemNative_FTruncate")]
        private static int FTruncate(nint fd, long length) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_FAllocate")]
        private static int FAllocate(nint fd, long offset, long length) => Fail(ENOTSUP);

        [RuntimeExport("SystemNative_PosixFAdvise")]
        private static int PosixFAdvise(nint fd, long offset, long length, int advice) => ENOTSUP;

        [RuntimeExport("SystemNative_GetFileSystemType")]
        private static uint GetFileSystemType(nint fd) => 0;

        [RuntimeExport("SystemNative_CanGetHiddenFlag")]
        private static int CanGetHiddenFlag() => 0;

        [RuntimeExport("SystemNative_LChflagsCanSetHiddenFlag")]
        private static int LChflagsCanSetHiddenFlag() => 0;

        [RuntimeExport("SystemNative_GetEGid")]
        private static uint GetEGid() => 0;

        [RuntimeExport("SystemNative_GetGroups")]
        private static int GetGroups(int size, uint* groups) => 0;

        [RuntimeExport("SystemNative_Unlink")]
        private static int Unlink(byte* path) => Fail(ENOENT);

        [RuntimeExport("SystemNative_Poll")]
        private static int Poll(void* events, uint count, int timeout, uint* triggered)
        {
            *triggered = 0;
            return 0x1003D; // Error.ENOTSUP as the PAL value
        }

        // Memory: anonymous private mappings only (CoreLib reserves its frozen-object segments this
        // way). PAL values: PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4 (the same bits as
        // ProtectionFlags); MAP_PRIVATE 2, MAP_ANONYMOUS 0x10: only PRIVATE|ANONYMOUS is accepted,
        // anything else (files, shared memory) is ENOTSUP.
        private const int PalMapPrivate = 0x02, PalMapAnonymous = 0x10;

        [RuntimeExport("SystemNative_MMap")]
        private static nint MMap(nint address, ulong length, int protection, int flags, nint fd, long offset)
        {
            if ((flags & (PalMapPrivate | PalMapAnonymous)) != (PalMapPrivate | PalMapAnonymous) || (flags & ~(PalMapPrivate | PalMapAnonymous)) != 0)
                return Fail(ENOTSUP);
            SysResult r = Sys.Mmap((ulong)address, length, (ProtectionFlags)(protection & 7), MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            return r.IsOk ? (nint)r.Value : Fail(r.Error == SyscallError.PermissionDenied ? EACCES : ENOMEM);
        }

        [RuntimeExport("SystemNative_MUnmap")]
        private static int MUnmap(nint address, ulong length)
            => Sys.Munmap((ulong)address, length).IsOk ? 0 : Fail(EINVAL);

        [RuntimeExport("SystemNative_MProtect")]
        private static int MProtect(nint address, ulong length, int protection)
            => Sys.Mprotect((ulong)address, length, (ProtectionFlags)(protection & 7)).IsOk ? 0 : Fail(EACCES);
    }
}
