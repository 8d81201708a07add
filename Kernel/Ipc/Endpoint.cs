using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// A receive point: a bounded FIFO of messages and a FIFO of the waits of threads blocked receiving.
    /// Owned by the process that created it; lives while any capability names it.
    /// </summary>
    public sealed class Endpoint : KernelObject
    {
        public EndpointState State;
        public Process Owner;

        public Message Head;
        public Message Tail;
        public int Count;

        /// <summary>The receivers waiting on this endpoint, in the order they came.</summary>
        public ReceiveWait FirstReceiver;
        public ReceiveWait LastReceiver;

        public Endpoint() : base(ObjectType.Endpoint)
        {
        }

        public EndpointId Id => EndpointId.Make((uint)Index, Generation);

        public void Enqueue(Message m)
        {
            m.Next = null;
            if (Tail != null)
                Tail.Next = m;
            else
                Head = m;
            Tail = m;
            Count++;
        }

        public Message Dequeue()
        {
            Message m = Head;
            if (m == null)
                return null;
            Head = m.Next;
            if (Head == null)
                Tail = null;
            m.Next = null;
            Count--;
            return m;
        }

        public void AddReceiver(ReceiveWait w)
        {
            w.Next = null;
            if (LastReceiver != null)
                LastReceiver.Next = w;
            else
                FirstReceiver = w;
            LastReceiver = w;
        }

        public ReceiveWait PopReceiver()
        {
            ReceiveWait w = FirstReceiver;
            if (w == null)
                return null;
            FirstReceiver = w.Next;
            if (FirstReceiver == null)
                LastReceiver = null;
            w.Next = null;
            return w;
        }

        /// <summary>Takes a receiver out of the middle (it timed out or its process ended): a walk of this endpoint's receivers only.</summary>
        public void RemoveReceiver(ReceiveWait w)
        {
            ReceiveWait prev = null;
            ReceiveWait cur = FirstReceiver;
            while (cur != null && cur != w)
            {
                prev = cur;
                cur = cur.Next;
            }
            if (cur == null)
                return;
            if (prev != null)
                prev.Next = cur.Next;
            else
                FirstReceiver = cur.Next;
            if (LastReceiver == cur)
                LastReceiver = prev;
            cur.Next = null;
        }
    }
}
