namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The process's threads as the runtime layer knows them. First version: the main thread
    /// only (its stack bounds for the collector, its thread-statics slot).
    /// </summary>
    internal static unsafe class Threads
    {
        private static ulong s_mainStackTop;

        public static ulong MainStackTop => s_mainStackTop;

        /// <summary>The main stack's lowest address: the runtime's own 1 MiB stack, or the kernel's 64 KiB one if that could not be mapped.</summary>
        public static ulong MainStackLow => s_mainStackTop - (s_mainStackTop == Startup.MappedStackTop ? Startup.MainStackSize : Veridian.Syscalls.Abi.InitialStackSize);

        public static void InitializeMain(ulong stackTop) => s_mainStackTop = stackTop;

        /// <summary>An id unique among the process's threads (the main thread is 1).</summary>
        public static ulong CurrentId => 1;

        public static nint* CurrentThreadStatics() => RuntimeServices.MainThreadStatics();
    }
}
