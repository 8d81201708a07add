using Veridian.Syscalls;

namespace Veridian.UserLib
{
    /// <summary>
    /// A syscall's outcome as a value (no exceptions): the return register, split. For calls
    /// whose value is a length, an address, or nothing.
    /// </summary>
    public readonly struct SysResult
    {
        /// <summary>The return register as the kernel wrote it.</summary>
        public readonly ulong Raw;

        public SysResult(ulong raw)
        {
            Raw = raw;
        }

        public bool IsOk => !SyscallReturn.IsError(Raw);
        /// <summary><see cref="SyscallError.Success"/> when <see cref="IsOk"/>.</summary>
        public SyscallError Error => SyscallReturn.GetError(Raw);
        /// <summary>The value (0 on error).</summary>
        public ulong Value => IsOk ? SyscallReturn.GetValue(Raw) : 0;
    }

    /// <summary>
    /// A syscall's outcome with a typed value: an id, a token, an exit code, or the out-struct
    /// the kernel wrote (<see cref="IpcReceiveResult"/>, <see cref="Timespec"/>…). On error
    /// <see cref="Value"/> is default, except where the ABI says the kernel still writes the
    /// out-struct (receive with BufferTooSmall: MessageLength is the size needed).
    /// </summary>
    public readonly struct SysResult<T>
    {
        public readonly ulong Raw;
        public readonly T Value;

        public SysResult(ulong raw, T value)
        {
            Raw = raw;
            Value = value;
        }

        public bool IsOk => !SyscallReturn.IsError(Raw);
        public SyscallError Error => SyscallReturn.GetError(Raw);
        /// <summary>The register part alone (e.g. the message length of a receive).</summary>
        public SysResult Status => new SysResult(Raw);
    }
}
