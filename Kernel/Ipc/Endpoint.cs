using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Ipc
{
    /// <summary>
    /// A receive point: a bounded FIFO of messages and a FIFO of threads blocked receiving.
    /// Owned by the process that created it; lives while any capability names it.
    /// </summary>
    public sealed class Endpoint : KernelObject
    {
        public EndpointState State;
        public Process Owner;

        public Message Head;
        public Message Tail;
        public int Count;

        public Thread FirstReceiver;
        public Thread LastReceiver;

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

        public void AddReceiver(Thread t)
        {
            t.NextWaiter = null;
            if (LastReceiver != null)
                LastReceiver.NextWaiter = t;
            else
                FirstReceiver = t;
            LastReceiver = t;
        }

        public Thread PopReceiver()
        {
            Thread t = FirstReceiver;
            if (t == null)
                return null;
            FirstReceiver = t.NextWaiter;
            if (FirstReceiver == null)
                LastReceiver = null;
            t.NextWaiter = null;
            return t;
        }

        public void RemoveReceiver(Thread t)
        {
            Thread prev = null;
            Thread cur = FirstReceiver;
            while (cur != null && cur != t)
            {
                prev = cur;
                cur = cur.NextWaiter;
            }
            if (cur == null)
                return;
            if (prev != null)
                prev.NextWaiter = cur.NextWaiter;
            else
                FirstReceiver = cur.NextWaiter;
            if (LastReceiver == cur)
                LastReceiver = prev;
            cur.NextWaiter = null;
        }
    }
}
