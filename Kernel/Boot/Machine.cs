namespace Veridian.Kernel.Boot
{
    /// <summary>What the architecture-neutral kernel asks of the machine; the plugs implement it.</summary>
    public abstract class Machine
    {
        public abstract string Architecture { get; }

        /// <summary>A free-running cycle counter (the TSC on x86_64).</summary>
        public abstract ulong ReadTimestamp();

        /// <summary>Ends an emulator run with a status (QEMU isa-debug-exit); on real hardware, halts.</summary>
        public abstract void ExitEmulator(int code);

        public abstract void HaltForever();

        /// <summary>
        /// Starts the timer, syscall entry and scheduling, and runs threads (user mode, or idle
        /// with interrupts on) from now on. Never returns.
        /// </summary>
        public abstract void RunThreads(Veridian.Kernel.Tasks.ThreadRunner runner);

        /// <summary>Checks the kernel heap's block tags; reports the bytes currently allocated.</summary>
        public abstract bool VerifyHeap(out ulong bytesInUse);
    }
}
