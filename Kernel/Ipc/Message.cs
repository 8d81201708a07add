using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// A queued message: a 4 KiB buffer from the message pool (allocated at boot), the sender,
    /// the capability travelling with it (a slot in the kernel's transit space, checked by
    /// generation because a revoke may remove it in flight) and the reply object of a call.
    /// </summary>
    public sealed class Message : TableEntry
    {
        public readonly byte[] Data = new byte[Abi.MaxMessageSize];
        public int Length;
        public ProcessId Sender;
        public int TransitCapability = -1;
        public uint TransitGeneration;
        public int Reply = -1;
        public Message Next;
    }
}
