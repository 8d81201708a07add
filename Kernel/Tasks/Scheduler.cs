namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Round-robin run queue of Ready threads (an intrusive doubly linked list, no allocation).
    /// The head is the thread that runs; <see cref="Rotate"/> is the preemption tick,
    /// <see cref="Yield"/> moves a thread to the back. Blocking removes a thread, waking
    /// appends it; suspending removes it and resuming appends it if it is Ready.
    /// </summary>
    public sealed class Scheduler
    {
        private Thread head;
        private Thread tail;
        private int count;

        public Thread Current => head;
        public int ReadyCount => count;

        /// <summary>
        /// Appends a Ready thread. A suspended thread (SYS_THREAD_SUSPEND) is not queued: every
        /// path that makes a thread runnable (a wake, a timeout, a start) comes through here, so
        /// it stays Ready outside the queue and <see cref="TaskService.ResumeThread"/> queues it.
        /// </summary>
        public void Enqueue(Thread t)
        {
            if (t.InReadyQueue || t.Suspended)
                return;
            t.InReadyQueue = true;
            t.NextReady = null;
            t.PrevReady = tail;
            if (tail != null)
                tail.NextReady = t;
            else
                head = t;
            tail = t;
            count++;
        }

        /// <summary>
        /// Like <see cref="Enqueue"/>, but right behind <paramref name="anchor"/> instead of at the
        /// back (at the back if the anchor is not queued): the IPC fast path's direct switch, where
        /// the receiver takes the place of the caller that is about to block.
        /// </summary>
        public void EnqueueAfter(Thread anchor, Thread t)
        {
            if (!anchor.InReadyQueue || anchor == t)
            {
                Enqueue(t);
                return;
            }
            if (t.InReadyQueue || t.Suspended)
                return;
            t.InReadyQueue = true;
            t.PrevReady = anchor;
            t.NextReady = anchor.NextReady;
            if (anchor.NextReady != null)
                anchor.NextReady.PrevReady = t;
            else
                tail = t;
            anchor.NextReady = t;
            count++;
        }

        public void Remove(Thread t)
        {
            if (!t.InReadyQueue)
                return;
            if (t.PrevReady != null)
                t.PrevReady.NextReady = t.NextReady;
            else
                head = t.NextReady;
            if (t.NextReady != null)
                t.NextReady.PrevReady = t.PrevReady;
            else
                tail = t.PrevReady;
            t.NextReady = null;
            t.PrevReady = null;
            t.InReadyQueue = false;
            count--;
        }

        public void Yield(Thread t)
        {
            Remove(t);
            Enqueue(t);
        }

        /// <summary>Moves the running thread to the back; returns the next one to run.</summary>
        public Thread Rotate()
        {
            if (head != null)
                Yield(head);
            return head;
        }

        /// <summary>The ready thread at a position (0 = running), for tests and diagnostics.</summary>
        public Thread At(int position)
        {
            Thread t = head;
            while (t != null && position > 0)
            {
                t = t.NextReady;
                position--;
            }
            return t;
        }
    }
}
