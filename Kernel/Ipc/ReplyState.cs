namespace Veridian.Kernel.Ipc
{
    public enum ReplyState
    {
        Free = 0,
        /// <summary>The call's request is still in the endpoint queue.</summary>
        Queued = 1,
        /// <summary>A server received the request and holds the token.</summary>
        Delivered = 2,
        /// <summary>The caller timed out or died; replying gets Interrupted.</summary>
        CallerGone = 3,
    }
}
