namespace Veridian.Kernel.Tasks
{
    /// <summary>What the architecture layer does with a thread after a ring-3 fault.</summary>
    public enum FaultOutcome
    {
        /// <summary>Resolved (demand paging): resume the thread at the faulting instruction.</summary>
        Resume = 0,
        /// <summary>Handed to the process's fault handler: resume the thread as the <see cref="FaultHandoff"/> says.</summary>
        Handler = 1,
        /// <summary>The process was killed (fault reported): never resume the thread.</summary>
        Killed = 2,
    }
}
