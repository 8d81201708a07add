namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// The threads blocked with a finite deadline, as an intrusive list (no allocation, O(1)
    /// insert and remove). Only the timer path walks it. A wait without a deadline is never in
    /// here, so no value of the clock, not even a saturated one, can end it: "no deadline" is
    /// not a time that can be reached but the absence of an entry.
    /// </summary>
    public sealed class TimerQueue
    {
        private Thread head;
        private Thread tail;
        private int count;

        public int Count => count;
        public Thread First => head;

        public void Add(Thread t)
        {
            if (t.InTimerQueue)
                return;
            t.InTimerQueue = true;
            t.NextTimer = null;
            t.PrevTimer = tail;
            if (tail != null)
                tail.NextTimer = t;
            else
                head = t;
            tail = t;
            count++;
        }

        public void Remove(Thread t)
        {
            if (!t.InTimerQueue)
                return;
            if (t.PrevTimer != null)
                t.PrevTimer.NextTimer = t.NextTimer;
            else
                head = t.NextTimer;
            if (t.NextTimer != null)
                t.NextTimer.PrevTimer = t.PrevTimer;
            else
                tail = t.PrevTimer;
            t.NextTimer = null;
            t.PrevTimer = null;
            t.InTimerQueue = false;
            count--;
        }
    }
}
