namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// The parked <see cref="Wait"/>s with a finite deadline, as an intrusive list (no
    /// allocation, O(1) insert and remove). Only the timer path walks it. A wait without a
    /// deadline is never in here, so no value of the clock, not even a saturated one, can end
    /// it: "no deadline" is not a time that can be reached but the absence of an entry.
    /// </summary>
    public sealed class TimerQueue
    {
        private Wait head;
        private Wait tail;
        private int count;

        public int Count => count;
        public Wait First => head;

        public void Add(Wait w)
        {
            if (w.InTimerQueue)
                return;
            w.InTimerQueue = true;
            w.NextTimer = null;
            w.PrevTimer = tail;
            if (tail != null)
                tail.NextTimer = w;
            else
                head = w;
            tail = w;
            count++;
        }

        public void Remove(Wait w)
        {
            if (!w.InTimerQueue)
                return;
            if (w.PrevTimer != null)
                w.PrevTimer.NextTimer = w.NextTimer;
            else
                head = w.NextTimer;
            if (w.NextTimer != null)
                w.NextTimer.PrevTimer = w.PrevTimer;
            else
                tail = w.PrevTimer;
            w.NextTimer = null;
            w.PrevTimer = null;
            w.InTimerQueue = false;
            count--;
        }
    }
}
