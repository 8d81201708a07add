namespace Veridian.Syscalls
{
    /// <summary>Numeric limits and conventions of the ABI (docs/abi.md explains each).</summary>
    public static class Abi
    {
        /// <summary>Largest message payload in bytes (send, receive, call request and response, reply).</summary>
        public const ulong MaxMessageSize = 4096;

        public const ulong PageSize = 4096;
        public const int PageShift = 12;

        /// <summary>Lowest address user mappings may use (the first 64 KiB stay unmapped to catch null).</summary>
        public const ulong UserBase = 0x0000_0000_0001_0000;

        /// <summary>One past the highest user address: the end of the canonical lower half on x86_64 (48-bit).</summary>
        public const ulong UserEnd = 0x0000_8000_0000_0000;

        /// <summary>timeout_ns value: do not block (poll).</summary>
        public const ulong NoWait = 0;

        /// <summary>timeout_ns value: block without a deadline.</summary>
        public const ulong WaitForever = ulong.MaxValue;

        /// <summary>Most args a new process may get, and their total bytes.</summary>
        public const ulong MaxArgs = 32;
        public const ulong MaxArgBytes = 4096;

        /// <summary>Most capabilities granted to a new process.</summary>
        public const ulong MaxGrantedCapabilities = 16;

        /// <summary>Largest ELF image SYS_PROCESS_CREATE accepts.</summary>
        public const ulong MaxBinarySize = 16 * 1024 * 1024;

        /// <summary>Syscall numbers from here on are VeridianOS extensions, outside every range the specification uses.</summary>
        public const ulong FirstExtensionSyscall = 100;

        /// <summary>Size of a new process's main-thread stack, and its top (exclusive).</summary>
        public const ulong InitialStackSize = 64 * 1024;
        public const ulong InitialStackTop = 0x0000_7FFF_FFFF_0000;
    }
}
