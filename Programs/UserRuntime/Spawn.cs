using Veridian.Runtime;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// Starting programs from ELF images held as memory objects (docs/userspace.md): map the
    /// image read-only with MAP_SHARED, hand the pointer to SYS_PROCESS_CREATE with the args
    /// (as UserStrings) and the capabilities to grant, then SYS_PROCESS_START.
    /// </summary>
    public static unsafe class Spawn
    {
        /// <summary>Maps an image's memory object read-only; Value = its address.</summary>
        public static SysResult MapImage(Capability image, ulong size)
            => Sys.Mmap(0, size, ProtectionFlags.Read, MapFlags.Shared, image, 0);

        /// <summary>SYS_PROCESS_CREATE; Value = the new ProcessId's raw value (created, not started).</summary>
        public static SysResult Create(byte* image, ulong size, string[] args, Capability[] caps)
        {
            int argCount = args == null ? 0 : args.Length;
            int capCount = caps == null ? 0 : caps.Length;
            var strings = new UserString[argCount == 0 ? 1 : argCount];
            var bytes = new byte[argCount == 0 ? 1 : argCount][];
            for (int i = 0; i < argCount; i++)
            {
                bytes[i] = Text.ToBytes(args[i]);
                fixed (byte* p = bytes[i])
                    strings[i] = new UserString((ulong)p, (ulong)bytes[i].Length);
            }
            var tokens = new Capability[capCount == 0 ? 1 : capCount];
            for (int i = 0; i < capCount; i++) tokens[i] = caps[i];
            SysResult r = Sys.CreateProcess(new System.ReadOnlySpan<byte>(image, (int)size), new System.ReadOnlySpan<UserString>(strings, 0, argCount),
                new System.ReadOnlySpan<Capability>(tokens, 0, capCount)).Status;
            for (int i = 0; i < argCount; i++) Allocator.Free(bytes[i]);
            Allocator.Free(bytes);
            Allocator.Free(strings);
            Allocator.Free(tokens);
            return r;
        }

        /// <summary>Create and start; Value = the ProcessId.</summary>
        public static SysResult Run(byte* image, ulong size, string[] args, Capability[] caps)
        {
            SysResult r = Create(image, size, args, caps);
            if (!r.IsOk) return r;
            SysResult s = Sys.StartProcess(new ProcessId(r.Value));
            return s.IsOk ? r : s;
        }

        /// <summary>SYS_PROCESS_WAIT into <paramref name="info"/>.</summary>
        public static SysResult Wait(ProcessId process, ulong timeoutNs, out ProcessExitInfo info)
        {
            SysResult<ProcessExitInfo> r = Sys.WaitProcess(process, timeoutNs);
            info = r.Value;
            return r.Status;
        }
    }
}
