using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// A thread: a slot in the thread table (allocated at boot), its user entry state, and
    /// when blocked, the <see cref="Tasks.Wait"/> it is in. A blocked syscall completes when
    /// another party (a sender, a replier, an exiting process or thread, the timer) completes
    /// that wait: it writes the results into this thread's user memory and the wait sets
    /// <see cref="ReturnValue"/>, the value the architecture layer puts in the return register
    /// when it resumes the thread.
    /// </summary>
    public sealed class Thread : TableEntry
    {
        public ThreadState State;
        public Process Process;

        public ulong EntryPoint;
        public ulong StackPointer;
        public ulong Argument;

        /// <summary>The encoded result of the thread's last syscall (see SyscallReturn).</summary>
        public ulong ReturnValue;

        /// <summary>
        /// The wait this thread is in (its kind says what for), from the moment a service arms
        /// it until it is completed or cancelled; null when the thread is not waiting. The
        /// wait object belongs to the service that blocked the thread (docs/waits.md).
        /// </summary>
        public Wait Wait;

        /// <summary>Its process's list of thread slots (<see cref="Tasks.Process.FirstThread"/>), from allocation until freed.</summary>
        public Thread NextInProcess;
        public Thread PrevInProcess;

        public Thread NextReady;
        public Thread PrevReady;
        public bool InReadyQueue;

        public int ExitCode;
        /// <summary>The sibling's SYS_THREAD_JOIN waiting for this thread to exit, if any.</summary>
        public JoinWait Joiner;

        /// <summary>
        /// The thread-local storage base (SYS_THREAD_SET_TLS); the architecture loads it when
        /// the thread runs (FS base on x86_64). 0 for a new thread.
        /// </summary>
        public ulong TlsBase;

        /// <summary>Its process's fault handler is running for this thread: a fault now kills (no endless loop).</summary>
        public bool InFaultHandler;

        /// <summary>
        /// SYS_EXCEPTION_RETURN accepted <see cref="ResumeContext"/>: the architecture layer
        /// resumes the thread with those registers (not the syscall's return) and clears this.
        /// </summary>
        public bool ResumePending;
        public FaultContext ResumeContext;

        /// <summary>
        /// Stopped by SYS_THREAD_SUSPEND: it runs no ring-3 instruction until SYS_THREAD_RESUME.
        /// Orthogonal to <see cref="State"/>: a suspended Blocked thread stays in its wait (which
        /// may complete), a suspended Ready thread is Ready but kept out of the run queue
        /// (<see cref="Scheduler.Enqueue"/> skips it), so it costs the scheduler nothing.
        /// </summary>
        public bool Suspended;

        /// <summary>Waiting with a deadline that has not passed yet (for tests and diagnostics).</summary>
        public bool InTimerQueue => Wait != null && Wait.InTimerQueue;

        public ThreadId Id => ThreadId.Make((uint)Index, Generation);
    }
}
