using Veridian.Kernel.Ipc;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// A thread: a slot in the thread table (allocated at boot), its user entry state, and
    /// when blocked, what it waits for. A blocked syscall completes when another party (a
    /// sender, a replier, an exiting process or thread, the timer) writes its results into
    /// this thread's user memory and sets <see cref="ReturnValue"/>, the value the architecture
    /// layer puts in the return register when it resumes the thread.
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

        public WaitKind Wait;
        /// <summary>When a blocked wait times out; <see cref="Time.Clock.NoDeadline"/> for none (then not in the timer queue).</summary>
        public ulong Deadline;
        public ulong WaitBuffer;
        public ulong WaitLength;
        public ulong WaitOut;
        public Endpoint WaitEndpoint;
        public int WaitReply = -1;
        public Process WaitProcess;
        public Thread WaitThread;

        public Thread NextReady;
        public Thread PrevReady;
        public bool InReadyQueue;
        public Thread NextWaiter;

        /// <summary>Links in the <see cref="TimerQueue"/>, only while blocked with a finite deadline.</summary>
        public Thread NextTimer;
        public Thread PrevTimer;
        public bool InTimerQueue;

        /// <summary>Links in its <see cref="FutexTable"/> bucket, and the word it waits on, only while blocked in SYS_FUTEX_WAIT.</summary>
        public Thread NextFutex;
        public Thread PrevFutex;
        public ulong FutexAddress;
        public bool InFutexTable;

        public int ExitCode;
        public Thread Joiner;

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

        public ThreadId Id => ThreadId.Make((uint)Index, Generation);
    }
}
