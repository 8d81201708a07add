namespace Veridian.Kernel.Ipc
{
    public enum EndpointState
    {
        Free = 0,
        Open = 1,
        /// <summary>The process that created it has exited: sends and receives get Interrupted (dead peer).</summary>
        OwnerDead = 2,
    }
}
