namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Which kind of <see cref="Wait"/> a blocked thread is in: only for diagnostics and tests
    /// (the behaviour is in each kind's class, never in a switch on this).
    /// </summary>
    public enum WaitKind
    {
        None = 0,
        /// <summary>SYS_IPC_RECEIVE on an empty endpoint (Ipc.ReceiveWait).</summary>
        Receive = 1,
        /// <summary>SYS_IPC_CALL awaiting its reply (Ipc.ReplyWait).</summary>
        Reply = 2,
        /// <summary>SYS_PROCESS_WAIT on a running child (<see cref="ProcessWait"/>).</summary>
        ProcessWait = 3,
        /// <summary>SYS_THREAD_JOIN on a running sibling (<see cref="JoinWait"/>).</summary>
        Join = 4,
        /// <summary>SYS_NANOSLEEP (<see cref="SleepWait"/>).</summary>
        Sleep = 5,
        /// <summary>SYS_READ on the console with nothing typed yet (Io.ConsoleReadWait).</summary>
        ConsoleRead = 6,
        /// <summary>SYS_FUTEX_WAIT: in the <see cref="FutexTable"/> under (process, address) (<see cref="FutexWait"/>).</summary>
        Futex = 7,
    }
}
