namespace Veridian.Syscalls
{
    /// <summary>How a process ended (<see cref="ProcessExitInfo.Reason"/>).</summary>
    public enum ExitReason : uint
    {
        /// <summary>SYS_EXIT, or its last thread called SYS_THREAD_EXIT. ExitCode is the code passed.</summary>
        Exited = 0,
        /// <summary>Killed by a CPU fault it could not handle. FaultCode and FaultAddress say which.</summary>
        Faulted = 1,
        /// <summary>Killed by the kernel (e.g. out of memory on a demand fault, or its parent exited before starting it).</summary>
        Killed = 2,
    }
}
