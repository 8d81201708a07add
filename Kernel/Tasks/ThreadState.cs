namespace Veridian.Kernel.Tasks
{
    public enum ThreadState
    {
        Free = 0,
        Ready = 1,
        Blocked = 2,
        /// <summary>Exited, kept until joined (or its process ends).</summary>
        Exited = 3,
    }
}
