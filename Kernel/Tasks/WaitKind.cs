namespace Veridian.Kernel.Tasks
{
    /// <summary>What a blocked thread waits for; decides how a wake or a timeout completes its syscall.</summary>
    public enum WaitKind
    {
        None = 0,
        Receive = 1,
        Reply = 2,
        ProcessWait = 3,
        Join = 4,
        Sleep = 5,
        /// <summary>SYS_READ on the console with nothing typed yet.</summary>
        ConsoleRead = 6,
        /// <summary>SYS_FUTEX_WAIT: in the <see cref="FutexTable"/> under (process, address).</summary>
        Futex = 7,
    }
}
