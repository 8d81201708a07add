using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Platform;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// Life and death of processes and threads, the waits of its own kinds (sleep, join,
    /// process wait, futex), and the parking and waking every wait goes through: a blocked
    /// thread's syscall is finished by whoever completes or cancels its <see cref="Wait"/>,
    /// which stores the encoded result in <see cref="Thread.ReturnValue"/> and puts the thread
    /// back on the run queue (docs/waits.md).
    /// </summary>
    public sealed class TaskService
    {
        private readonly KernelServices kernel;

        /// <summary>Blocked threads with a finite deadline: what the timer path looks at.</summary>
        public readonly TimerQueue Timers = new TimerQueue();
        public readonly ObjectTable<Process> Processes;
        public readonly ObjectTable<Thread> Threads;
        /// <summary>Resource objects made by SYS_CAPABILITY_CREATE(Resource): quota shares for children.</summary>
        public readonly ObjectTable<ResourceObject> Resources;
        /// <summary>Threads blocked in SYS_FUTEX_WAIT, by (process, address).</summary>
        public readonly FutexTable Futexes;

        private readonly SleepWait[] sleeps;
        private readonly JoinWait[] joins;
        private readonly ProcessWait[] processWaits;
        private readonly FutexWait[] futexWaits;

        public TaskService(KernelServices kernel)
        {
            this.kernel = kernel;
            KernelConfig c = kernel.Config;
            Process[] processes = new Process[c.MaxProcesses];
            for (int i = 0; i < processes.Length; i++)
                processes[i] = new Process(kernel.Capabilities.Space(i + 1), new AddressSpace(kernel, c.InitialRegionsPerProcess, c.MaxRegionsPerProcess));
            Processes = new ObjectTable<Process>(processes, QuotaKind.Processes);
            Thread[] threads = new Thread[c.MaxThreads];
            for (int i = 0; i < threads.Length; i++)
                threads[i] = new Thread();
            Threads = new ObjectTable<Thread>(threads, QuotaKind.Threads);
            // One wait of each of this service's kinds per thread slot: blocking allocates nothing.
            sleeps = new SleepWait[threads.Length];
            joins = new JoinWait[threads.Length];
            processWaits = new ProcessWait[threads.Length];
            futexWaits = new FutexWait[threads.Length];
            for (int i = 0; i < threads.Length; i++)
            {
                sleeps[i] = new SleepWait(kernel, threads[i]);
                joins[i] = new JoinWait(kernel, threads[i]);
                processWaits[i] = new ProcessWait(kernel, threads[i]);
                futexWaits[i] = new FutexWait(kernel, threads[i]);
            }
            ResourceObject[] resources = new ResourceObject[c.MaxResources];
            for (int i = 0; i < resources.Length; i++)
                resources[i] = new ResourceObject();
            Resources = new ObjectTable<ResourceObject>(resources, QuotaKind.Resources);
            Futexes = new FutexTable(c.MaxThreads);
        }

        // ---- blocking and waking (docs/waits.md) ----

        /// <summary>SYS_NANOSLEEP: sleeps until <paramref name="deadline"/> (finite).</summary>
        public Wait BeginSleep(Thread t, ulong deadline) => sleeps[t.Index].Begin(deadline);

        /// <summary>SYS_THREAD_JOIN on <paramref name="target"/>, a live sibling without a joiner.</summary>
        public Wait BeginJoin(Thread t, Thread target, ulong deadline) => joins[t.Index].Begin(target, deadline);

        /// <summary>SYS_PROCESS_WAIT on <paramref name="child"/>, running and without a waiter; the exit info goes to <paramref name="outPointer"/>.</summary>
        public Wait BeginProcessWait(Thread t, Process child, ulong outPointer, ulong deadline) =>
            processWaits[t.Index].Begin(child, outPointer, deadline);

        /// <summary>SYS_FUTEX_WAIT on the word at <paramref name="address"/> of the thread's process.</summary>
        public Wait BeginFutexWait(Thread t, ulong address, ulong deadline) => futexWaits[t.Index].Begin(address, deadline);

        /// <summary>
        /// The dispatcher, for a handler that answered "blocked on <paramref name="w"/>": the
        /// thread leaves the run queue (and enters the timer queue if the wait has a deadline).
        /// False if the wait has already ended, so there is nothing to block on: the result is
        /// in <see cref="Thread.ReturnValue"/> (on one CPU this does not happen; on SMP a
        /// completer on another CPU can get there first).
        /// </summary>
        public bool Park(Wait w)
        {
            if (!w.TryPark())
                return false;
            Thread t = w.Thread;
            t.State = ThreadState.Blocked;
            kernel.Scheduler.Remove(t);
            if (w.Deadline != Time.Clock.NoDeadline)
                Timers.Add(w);
            return true;
        }

        /// <summary>
        /// The timer path: cancels every timed wait whose deadline is at or before
        /// <paramref name="now"/> with <see cref="WaitCancel.Timeout"/> (a sleep then returns
        /// Success, everything else Timeout), in the order the waits began. Waits without a
        /// deadline are not in the queue.
        /// </summary>
        public void ExpireDeadlines(ulong now)
        {
            Wait w = Timers.First;
            while (w != null)
            {
                Wait next = w.NextTimer;
                if (w.Deadline <= now)
                    w.Cancel(WaitCancel.Timeout);
                w = next;
            }
        }

        /// <summary>A claimed wait is finished (<see cref="Wait.Finish"/>): the thread's syscall returns <paramref name="encoded"/>; if it had left the CPU it is runnable again.</summary>
        /// <remarks>A parked thread is queued at the back, or right behind <paramref name="successorOf"/> (a direct switch: <see cref="Wait.FinishInPlaceOf"/>).</remarks>
        internal void WakeFromWait(Wait w, ulong encoded, bool parked, Thread successorOf)
        {
            Thread t = w.Thread;
            Timers.Remove(w);
            t.Wait = null;
            t.ReturnValue = encoded;
            if (parked)
            {
                t.State = ThreadState.Ready;
                if (successorOf != null)
                    kernel.Scheduler.EnqueueAfter(successorOf, t);
                else
                    kernel.Scheduler.Enqueue(t);
            }
        }

        /// <summary>A wait cancelled by a kill or an exit: the thread is about to be freed, nothing returns to it.</summary>
        internal void ReleaseWait(Wait w)
        {
            Timers.Remove(w);
            w.Thread.Wait = null;
        }

        /// <summary>SYS_FUTEX_WAKE: wakes up to <paramref name="count"/> waiters of <paramref name="p"/> on <paramref name="address"/>, oldest first; returns how many.</summary>
        public uint WakeFutex(Process p, ulong address, uint count)
        {
            uint woken = 0;
            while (woken < count)
            {
                FutexWait w = Futexes.First(p, address);
                if (w == null)
                    break;
                Futexes.Remove(w);
                if (w.Complete(SyscallError.Success, 0))
                    woken++;
            }
            return woken;
        }

        // ---- suspension (SYS_THREAD_SUSPEND / SYS_THREAD_RESUME) ----

        /// <summary>
        /// The ring-3 registers of <paramref name="t"/> (not the running thread) as it last left
        /// ring 3, from the architecture's saved frame; a thread that has never run has none
        /// yet and gets its start state: pc = entry, sp = initial stack pointer, the first argument
        /// register = argument, everything else 0. Code, address and error code are 0.
        /// </summary>
        public FaultContext UserContextOf(Thread t)
        {
            if (kernel.Platform.SavedUserRegisters(t, out FaultContext c))
            {
                c.Code = FaultCode.None;
                c.Reserved = 0;
                c.Address = 0;
                c.ErrorCode = 0;
                return c;
            }
            c = default;
            c.Pc = t.EntryPoint;
            c.Sp = t.StackPointer;
            c.Registers.Argument0 = t.Argument;
            return c;
        }

        /// <summary>
        /// Stops <paramref name="t"/> from running ring-3 code: out of the run queue, O(1). Its
        /// state and any wait are untouched (the wait may still complete; the thread then stays
        /// Ready outside the queue).
        /// </summary>
        public void SuspendThread(Thread t)
        {
            t.Suspended = true;
            kernel.Scheduler.Remove(t);
        }

        /// <summary>Undoes <see cref="SuspendThread"/>: a Ready thread goes to the back of the run queue, a Blocked one waits on.</summary>
        public void ResumeThread(Thread t)
        {
            t.Suspended = false;
            if (t.State == ThreadState.Ready)
                kernel.Scheduler.Enqueue(t);
        }

        // ---- allocation ----

        /// <summary>A fresh process slot in state Created with an empty address space, or null if the table or the parent's quota is full.</summary>
        public Process AllocateProcess(Process parent)
        {
            return AllocateProcess(parent, kernel.Config.DefaultChildQuotaPercent);
        }

        /// <summary>
        /// A fresh child of <paramref name="parent"/> (charged to the parent's quota) whose own
        /// quota is <paramref name="quotaPercent"/> of each of the parent's limits, under the
        /// parent's (so it also counts there). Without a parent: the root quota, the whole machine.
        /// </summary>
        public Process AllocateProcess(Process parent, int quotaPercent)
        {
            Process p = Processes.Allocate(parent != null ? parent.Quota : null);
            if (p == null)
                return null;
            p.State = ProcessState.Created;
            p.Parent = parent;
            p.LiveThreads = 0;
            p.ThreadSlots = 0;
            p.FirstThread = null;
            p.MainThread = null;
            p.Waiter = null;
            p.ExitInfo = default;
            p.FaultHandlerEntry = 0;
            p.FaultHandlerStack = 0;
            if (parent != null)
                p.Quota.Open(parent.Quota, quotaPercent);
            else
                OpenRootQuota(p.Quota);
            int free = kernel.Platform.Frames.FreeCount;
            PageTable table = kernel.Platform.CreatePageTable();
            p.Quota.ForceCharge(QuotaKind.Frames, free - kernel.Platform.Frames.FreeCount);
            p.Memory.Activate(table);
            return p;
        }

        /// <summary>The first process may use every table whole and every frame there is at boot.</summary>
        private void OpenRootQuota(Quota q)
        {
            KernelConfig c = kernel.Config;
            q.SetRootLimit(QuotaKind.Processes, c.MaxProcesses);
            q.SetRootLimit(QuotaKind.Threads, c.MaxThreads);
            q.SetRootLimit(QuotaKind.Endpoints, c.MaxEndpoints);
            q.SetRootLimit(QuotaKind.Channels, c.MaxChannels);
            q.SetRootLimit(QuotaKind.Messages, c.MaxMessages);
            q.SetRootLimit(QuotaKind.Replies, c.MaxReplies);
            q.SetRootLimit(QuotaKind.MemoryObjects, c.MaxMemoryObjects);
            q.SetRootLimit(QuotaKind.Resources, c.MaxResources);
            q.SetRootLimit(QuotaKind.Frames, kernel.Platform.Frames.FreeCount);
        }

        /// <summary>
        /// A thread of <paramref name="p"/>, not yet runnable, with its kernel stack. There is no
        /// fixed number per process: ResourceExhausted when the thread table is full or the
        /// process's Threads quota (or an ancestor's) is used up (exited-but-unjoined threads
        /// still hold their slot and count), or when its Frames quota cannot take the kernel
        /// stack; OutOfMemory when the machine has no frames for the stack. Nothing is left
        /// allocated or charged on failure.
        /// </summary>
        public SyscallError AllocateThread(Process p, out Thread thread)
        {
            thread = null;
            Thread t = Threads.Allocate(p.Quota);
            if (t == null)
                return SyscallError.ResourceExhausted;
            // As for a page (AddressSpace.FaultIn): the machine out of frames is OutOfMemory,
            // this process's share used up is ResourceExhausted.
            int stackFrames = kernel.Platform.KernelStackFrames;
            SyscallError e = SyscallError.Success;
            if (kernel.Platform.Frames.FreeCount < stackFrames)
                e = SyscallError.OutOfMemory;
            else if (!p.Quota.TryCharge(QuotaKind.Frames, stackFrames))
                e = SyscallError.ResourceExhausted;
            else if (!kernel.Platform.PrepareKernelStack(t))
            {
                p.Quota.Refund(QuotaKind.Frames, stackFrames);
                e = SyscallError.OutOfMemory;
            }
            if (e != SyscallError.Success)
            {
                Threads.Free(t);
                return e;
            }
            t.State = ThreadState.Blocked;
            t.Process = p;
            t.ReturnValue = 0;
            t.ExitCode = 0;
            t.Joiner = null;
            t.TlsBase = 0;
            t.InFaultHandler = false;
            t.ResumePending = false;
            t.Suspended = false;
            t.Wait = null;
            // The process's own list: its end walks its threads, not the whole table.
            t.PrevInProcess = null;
            t.NextInProcess = p.FirstThread;
            if (p.FirstThread != null)
                p.FirstThread.PrevInProcess = t;
            p.FirstThread = t;
            p.LiveThreads++;
            p.ThreadSlots++;
            thread = t;
            return SyscallError.Success;
        }

        /// <summary>
        /// A Resource object carrying a quota share (SYS_CAPABILITY_CREATE(Resource)), charged
        /// to <paramref name="owner"/>; null if the table or the quota is used up.
        /// </summary>
        public ResourceObject AllocateResource(Process owner, int quotaPercent)
        {
            ResourceObject r = Resources.Allocate(owner.Quota);
            if (r != null)
                r.QuotaPercent = quotaPercent;
            return r;
        }

        public void DestroyResource(ResourceObject r)
        {
            Resources.Free(r);
        }

        public void MakeRunnable(Thread t)
        {
            t.State = ThreadState.Ready;
            kernel.Scheduler.Enqueue(t);
        }

        /// <summary>
        /// The first process, made by the kernel at boot (and by host tests): running, one ready
        /// thread, an empty address space, and capabilities in slots 0..4: the root resource
        /// (all rights), the console (Read, Write, Grant, Derive), the kernel log (Read, Grant,
        /// Derive), the system information (Read, Grant, Derive), the power switch (Write, Grant, Derive).
        /// </summary>
        public Process CreateInitialProcess(out Thread main)
        {
            main = null;
            Process p = AllocateProcess(null);
            if (p == null)
                return null;
            kernel.Capabilities.Insert(p.CapabilitySpaceIndex, kernel.RootResource, Rights.All, -1, out int _);
            kernel.Capabilities.Insert(p.CapabilitySpaceIndex, kernel.Console,
                new Rights(Rights.ReadBit | Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit), -1, out int _);
            kernel.Capabilities.Insert(p.CapabilitySpaceIndex, kernel.Log,
                new Rights(Rights.ReadBit | Rights.GrantBit | Rights.DeriveBit), -1, out int _);
            kernel.Capabilities.Insert(p.CapabilitySpaceIndex, kernel.SystemInfo,
                new Rights(Rights.ReadBit | Rights.GrantBit | Rights.DeriveBit), -1, out int _);
            kernel.Capabilities.Insert(p.CapabilitySpaceIndex, kernel.Power,
                new Rights(Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit), -1, out int _);
            if (AllocateThread(p, out main) != SyscallError.Success)
            {
                Discard(p);
                return null;
            }
            p.MainThread = main;
            p.State = ProcessState.Running;
            MakeRunnable(main);
            return p;
        }

        // ---- ending ----

        /// <summary>
        /// SYS_THREAD_EXIT: the last live thread takes its process with it. A suspended thread
        /// (SYS_THREAD_SUSPEND) is live: while one is, the others' exits do not end the process
        /// (resuming it is the suspender's job; a kill or SYS_EXIT still ends everything).
        /// </summary>
        public void ExitThread(Thread t, int code)
        {
            Process p = t.Process;
            kernel.Scheduler.Remove(t);
            t.State = ThreadState.Exited;
            t.ExitCode = code;
            p.LiveThreads--;
            if (p.LiveThreads == 0)
            {
                ExitProcess(p, ExitReason.Exited, code, FaultCode.None, 0);
                return;
            }
            JoinWait joiner = t.Joiner;
            if (joiner != null)
            {
                t.Joiner = null;
                FreeThread(t);
                joiner.TargetExited(code);
            }
        }

        /// <summary>A user fault the architecture layer could not resolve: the process dies with Faulted.</summary>
        public void KillProcess(Process p, FaultCode fault, ulong address)
        {
            ExitProcess(p, fault == FaultCode.OutOfMemory ? ExitReason.Killed : ExitReason.Faulted, -1, fault, address);
        }

        /// <summary>
        /// The architecture's page-fault path: demand-pages the address or kills the process.
        /// True if the thread can resume.
        /// </summary>
        public bool HandlePageFault(Thread t, ulong address, ProtectionFlags access)
        {
            if (t.Process.Memory.HandleFault(address, access, out SyscallError e))
                return true;
            // A frame quota used up is out of memory for this process, like the machine running out.
            bool outOfMemory = e == SyscallError.OutOfMemory || e == SyscallError.ResourceExhausted;
            KillProcess(t.Process, outOfMemory ? FaultCode.OutOfMemory : FaultCode.PageFault, address);
            return false;
        }

        /// <summary>
        /// Ends a process and releases everything it holds: threads, reply obligations,
        /// the endpoints it owns (their peers see Interrupted), capabilities, memory.
        /// Its waiter (or nobody, if it has no parent) collects the exit info.
        /// </summary>
        public void ExitProcess(Process p, ExitReason reason, int code, FaultCode fault, ulong address)
        {
            if (p.State == ProcessState.Free || p.State == ProcessState.Zombie)
                return;
            p.State = ProcessState.Zombie;

            WaitCancel cancel = reason == ExitReason.Exited ? WaitCancel.Exit : WaitCancel.Kill;
            // Its own threads only (FreeThread takes each off the list): O(its threads), not O(the table).
            for (Thread t = p.FirstThread; t != null; t = p.FirstThread)
            {
                if (t.Wait != null)
                    t.Wait.Cancel(cancel);
                FreeThread(t);
            }
            p.LiveThreads = 0;
            p.MainThread = null;
            // What other services hold for it or from it (IPC, the console), through the one root
            // that knows them all: this service does not depend on those above it (docs/waits.md).
            kernel.ProcessEnding(p);
            kernel.Capabilities.DeleteAll(p.CapabilitySpaceIndex);
            p.Memory.Destroy();

            for (int i = 0; i < Processes.Capacity; i++)
            {
                Process c = Processes.At(i);
                if (c.Parent != p || !c.Live)
                    continue;
                c.Parent = null;
                if (c.State == ProcessState.Created)
                    ExitProcess(c, ExitReason.Killed, -1, FaultCode.None, 0);
                else if (c.State == ProcessState.Zombie)
                    Reap(c);
                else
                    c.Quota.Detach();   // an orphan keeps running: its use leaves our subtree
            }
            // What still counts against us (messages in others' queues, objects others hold) counts nowhere now.
            p.Quota.Close();

            p.ExitInfo = new ProcessExitInfo(code, reason, fault, address);
            ProcessWait waiter = p.Waiter;
            if (waiter != null)
            {
                p.Waiter = null;
                waiter.ChildEnded();
            }
            else if (p.Parent == null)
            {
                Reap(p);
            }
        }

        /// <summary>Delivers a zombie's exit info to a waiting thread and reaps it.</summary>
        internal SyscallError CollectExit(Process child, AddressSpace into, ulong outPointer)
        {
            SyscallError e = UserMemory.Write(into, outPointer, child.ExitInfo);
            if (e != SyscallError.Success)
                return e;
            Reap(child);
            return SyscallError.Success;
        }

        /// <summary>Throws away a process that never started (SYS_PROCESS_CREATE failing half-way): no exit info, no waiter.</summary>
        public void Discard(Process p)
        {
            for (Thread t = p.FirstThread; t != null; t = p.FirstThread)
                FreeThread(t);
            p.LiveThreads = 0;
            p.MainThread = null;
            kernel.Capabilities.DeleteAll(p.CapabilitySpaceIndex);
            p.Memory.Destroy();
            p.Quota.Close();
            Reap(p);
        }

        internal void FreeThread(Thread t)
        {
            kernel.Scheduler.Remove(t);
            // Every path here has ended the thread's wait already; a kill is the safe meaning of one left over.
            if (t.Wait != null)
                t.Wait.Cancel(WaitCancel.Kill);
            Process p = t.Process;
            if (t.PrevInProcess != null)
                t.PrevInProcess.NextInProcess = t.NextInProcess;
            else
                p.FirstThread = t.NextInProcess;
            if (t.NextInProcess != null)
                t.NextInProcess.PrevInProcess = t.PrevInProcess;
            t.NextInProcess = null;
            t.PrevInProcess = null;
            p.ThreadSlots--;
            // Every path here runs while the process's quota is open (its end frees its threads
            // before it closes the quota), so the stack's frames go back to the process that paid.
            kernel.Platform.ReleaseKernelStack(t);
            p.Quota.Refund(QuotaKind.Frames, kernel.Platform.KernelStackFrames);
            t.State = ThreadState.Free;
            t.Process = null;
            t.Joiner = null;
            t.Suspended = false;
            Threads.Free(t);
        }

        /// <summary>The slot goes back to the table (refunding the parent's quota, if the parent has not ended since).</summary>
        internal void Reap(Process p)
        {
            p.State = ProcessState.Free;
            p.Parent = null;
            p.Waiter = null;
            Processes.Free(p);
        }
    }
}
