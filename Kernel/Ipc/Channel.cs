using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// A two-way connection between two endpoints. Whoever holds a Write capability to one
    /// end sends through it to the other end. Destroyed when either endpoint is released.
    /// </summary>
    public sealed class Channel : TableEntry
    {
        public Endpoint A;
        public Endpoint B;

        public ChannelId Id => ChannelId.Make((uint)Index, Generation);

        /// <summary>The other end, or null if <paramref name="end"/> is not one of this channel's ends.</summary>
        public Endpoint Peer(Endpoint end)
        {
            if (end == A)
                return B;
            if (end == B)
                return A;
            return null;
        }
    }
}
