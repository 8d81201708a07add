using Veridian.Kernel.Tasks;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// SYS_IPC_RECEIVE on an empty endpoint: queued on the endpoint's receivers (FIFO), with
    /// where the message goes; completed by the next message posted there (or with an error
    /// when the endpoint closes or its owner dies). The buffer and result were checked when the
    /// wait began, and are checked again at delivery (they may have been unmapped meanwhile).
    /// </summary>
    public sealed class ReceiveWait : Wait
    {
        // Meaningful only while the wait is armed or parked.
        public Endpoint Endpoint { get; private set; }
        public ulong Buffer { get; private set; }
        public ulong Length { get; private set; }
        public ulong Out { get; private set; }
        /// <summary>The next receiver on the same endpoint.</summary>
        internal ReceiveWait Next;

        internal ReceiveWait(KernelServices kernel, Thread thread) : base(WaitKind.Receive, kernel, thread)
        {
        }

        internal ReceiveWait Begin(Endpoint endpoint, ulong buffer, ulong length, ulong outPointer, ulong deadline)
        {
            Arm(deadline);
            Endpoint = endpoint;
            Buffer = buffer;
            Length = length;
            Out = outPointer;
            endpoint.AddReceiver(this);
            return this;
        }

        protected override void Withdraw(WaitCancel reason)
        {
            Endpoint.RemoveReceiver(this);
            Endpoint = null;
        }
    }
}
