namespace Veridian.Kernel.Tasks
{
    public enum ProcessState
    {
        Free = 0,
        /// <summary>Made by SYS_PROCESS_CREATE, not yet started.</summary>
        Created = 1,
        Running = 2,
        /// <summary>Ended; everything released except the table slot, kept until the parent waits.</summary>
        Zombie = 3,
    }
}
