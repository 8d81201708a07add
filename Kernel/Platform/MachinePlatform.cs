using System;
using Veridian.Syscalls;

namespace Veridian.Kernel.Platform
{
    /// <summary>
    /// Everything the architecture-neutral kernel needs from the machine: frames, access to
    /// a frame's bytes, page tables, and the console. The x86_64 plugs implement it on the real
    /// machine; the host tests use a simulated one.
    /// </summary>
    public abstract class MachinePlatform
    {
        public abstract FrameAllocator Frames { get; }

        /// <summary>The 4096 bytes of one physical frame, as the kernel can access them.</summary>
        public abstract Span<byte> FrameBytes(ulong physicalAddress);

        public abstract PageTable CreatePageTable();

        public abstract void DestroyPageTable(PageTable table);

        /// <summary>
        /// Frames one thread's kernel stack takes (what <see cref="PrepareKernelStack"/>
        /// allocates and <see cref="ReleaseKernelStack"/> gives back): the kernel charges them to
        /// the thread's process's Frames quota.
        /// </summary>
        public abstract int KernelStackFrames { get; }

        /// <summary>
        /// Maps the kernel stack of the thread table slot <paramref name="thread"/> holds, at its
        /// creation, so a thread table of a thousand slots costs stacks only for the threads that
        /// exist. False if frames ran out (nothing stays allocated). The architecture's own
        /// bookkeeping for the stack (page tables of a stack region) may stay behind; the
        /// <see cref="KernelStackFrames"/> frames of the stack itself come and go with the thread.
        /// </summary>
        public abstract bool PrepareKernelStack(Tasks.Thread thread);

        /// <summary>
        /// The thread is freed: its stack's frames go back. The thread may be the one running
        /// now (it exited, or its process is ending in its own syscall); the kernel is then still
        /// on that stack, and the architecture gives the frames back once it has left it.
        /// </summary>
        public abstract void ReleaseKernelStack(Tasks.Thread thread);

        /// <summary>Writes bytes to the debug console (serial/VGA on the machine).</summary>
        public abstract void ConsoleWrite(ReadOnlySpan<byte> bytes);

        /// <summary>The kernel heap's size and what is allocated in it (0 where there is no such heap).</summary>
        public virtual ulong HeapBytes => 0;
        public virtual ulong HeapBytesInUse => 0;

        /// <summary>
        /// Frames the platform holds outside every quota's count, which are neither free nor leaked:
        /// x86_64's thread kernel stacks (live threads' stacks, at most one released late) and the
        /// page tables of the stack area, which stay once made.
        /// </summary>
        public virtual ulong KeptFrames => 0;

        /// <summary>Nanoseconds since the machine started (x86_64: the TSC, zero at reset), 0 if unknown. For the boot-time report only.</summary>
        public virtual ulong NanosecondsSinceMachineStart => 0;

        /// <summary>
        /// The ring-3 registers <paramref name="thread"/> had when it last left ring 3 (a syscall,
        /// an interrupt, a fault), in <see cref="FaultContext"/> slots; false if it has never run
        /// (no saved registers yet). Only for a thread that is not running now: on one CPU that
        /// is any thread but the caller's. The kernel does not know how the architecture saves
        /// registers (x86_64: the TrapFrame at the top of the thread's kernel stack). With more
        /// than one CPU the caller must first stop the CPU running the thread (an IPI, then wait
        /// until it has left ring 3 and saved its frame) before reading it.
        /// </summary>
        public abstract bool SavedUserRegisters(Tasks.Thread thread, out FaultContext registers);

        /// <summary>Switches the machine off (ACPI S5). Returns false if it cannot (no ACPI, or it did not happen).</summary>
        public abstract bool PowerOff();

        /// <summary>Resets the machine. Returns false if the reset did not happen.</summary>
        public abstract bool Reset();
    }
}
