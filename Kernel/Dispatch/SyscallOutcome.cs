namespace Veridian.Kernel.Dispatch
{
    /// <summary>What the architecture layer does after a syscall.</summary>
    public enum SyscallOutcome
    {
        /// <summary>The result is in the frame's Return: return to the caller.</summary>
        Completed = 0,
        /// <summary>The caller blocked. Switch to the scheduler's current thread; when the caller is
        /// woken, its result is in Thread.ReturnValue.</summary>
        Blocked = 1,
        /// <summary>The calling thread (or its whole process) is gone: never return to it.</summary>
        Exited = 2,
    }
}
