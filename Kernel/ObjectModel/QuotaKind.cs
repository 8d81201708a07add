namespace Veridian.Kernel.ObjectModel
{
    /// <summary>What a <see cref="Quota"/> counts: one entry per kind of kernel object, and frames.</summary>
    public enum QuotaKind
    {
        /// <summary>Child processes (live or zombie), counted against the parent.</summary>
        Processes = 0,
        /// <summary>Threads, from creation until joined or their process is gone (exited-but-unjoined ones count).</summary>
        Threads = 1,
        Endpoints = 2,
        Channels = 3,
        /// <summary>Messages in flight, counted against the sender.</summary>
        Messages = 4,
        /// <summary>Outstanding calls, counted against the caller.</summary>
        Replies = 5,
        MemoryObjects = 6,
        /// <summary>Resource objects made by SYS_CAPABILITY_CREATE(Resource).</summary>
        Resources = 7,
        /// <summary>Physical frames the process caused to be allocated: private pages, memory objects, page tables.</summary>
        Frames = 8,
    }
}
