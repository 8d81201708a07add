namespace Veridian.Syscalls
{
    /// <summary>
    /// The one return register. Bit 63 set means error and the low 32 bits hold the
    /// <see cref="SyscallError"/>; bit 63 clear means success and bits 0..62 hold the value.
    /// Every value the kernel returns on success (ids, tokens, lengths, addresses in the lower
    /// half) has bit 63 clear by construction.
    /// </summary>
    public static class SyscallReturn
    {
        public const ulong ErrorBit = 1UL << 63;

        public static ulong Ok(ulong value)
        {
            return value & ~ErrorBit;
        }

        public static ulong Error(SyscallError error)
        {
            return ErrorBit | (uint)error;
        }

        /// <summary>Success with a value, or the error: what the dispatcher writes back.</summary>
        public static ulong Encode(SyscallError error, ulong value)
        {
            return error == SyscallError.Success ? Ok(value) : Error(error);
        }

        public static bool IsError(ulong raw)
        {
            return (raw & ErrorBit) != 0;
        }

        /// <summary>The error in a raw return value, <see cref="SyscallError.Success"/> if none.</summary>
        public static SyscallError GetError(ulong raw)
        {
            return IsError(raw) ? (SyscallError)(uint)raw : SyscallError.Success;
        }

        /// <summary>The value of a successful return (bit 63 clear).</summary>
        public static ulong GetValue(ulong raw)
        {
            return raw & ~ErrorBit;
        }
    }
}
