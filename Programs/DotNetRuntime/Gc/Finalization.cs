using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// Finalizers (docs/dotnet.md "Finalizers"). An object whose type has one is registered when
    /// it is allocated. A collection that finds a registered object unreachable moves it to the
    /// ready queue and marks it and what it references (so the finalizer sees a whole object),
    /// then wakes the finalizer thread: CoreLib's own loop (<c>ProcessFinalizers</c>), started
    /// on the first registration after start-up, which takes objects off the queue and runs
    /// their finalizers.
    /// Ready objects are roots of every collection until their finalizer has run; the next
    /// collection after that frees them unless the finalizer stored them somewhere (resurrection).
    /// GC.SuppressFinalize sets the object header's finalizer-run bit, as NativeAOT does; such an
    /// object is dropped instead of queued. The two lists are arrays outside the GC heap with one
    /// capacity for both, grown only at registration, so a collection never allocates.
    /// </summary>
    internal static unsafe class Finalization
    {
        /// <summary>NativeAOT's BIT_SBLK_FINALIZER_RUN, in the 32-bit header word just before the MethodTable.</summary>
        private const int FinalizerRunBit = 0x40000000;

        private static void** s_registered;     // [0, s_registeredCount): live objects with a finalizer still due
        private static void** s_ready;          // [s_readyHead, s_readyTail): unreachable, waiting for the finalizer thread
        private static ulong s_registeredCount, s_readyHead, s_readyTail, s_capacity;

        private static uint s_request;          // futex word: 1 = the finalizer thread has work (or a waiter asks)
        private static uint s_done;             // futex word: bumped after each drain
        private static bool s_draining;
        private static ThreadBlock* s_thread;   // the finalizer thread, once started
        private static int s_starting;
        private static bool s_canStart;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_finalizer_entry_point")]
        private static extern delegate* unmanaged<nint, nint> FinalizerEntryPoint();

        private static int* HeaderWord(void* obj) => (int*)obj - 1;

        /// <summary>Called for every new object whose type has a finalizer (outside the heap lock).</summary>
        public static void Register(ObjectHeader* obj)
        {
            GcHeap.Lock();
            bool added = Add(obj);
            GcHeap.Unlock();
            if (!added)
                ProcessExit.FailFast("runtime: out of memory for the finalization queue");
            if (s_thread == null && s_canStart) StartThread();
        }

        /// <summary>Start-up, once CoreLib's modules are initialised: from now on the finalizer thread may run managed code.</summary>
        public static void EnableThread()
        {
            s_canStart = true;
            if (s_registeredCount != 0) StartThread();
        }

        private static void StartThread()
        {
            if (Interlocked.Exchange(ref s_starting, 1) == 0)
                s_thread = Threads.StartRuntimeThread(FinalizerEntryPoint());
        }

        /// <summary>Appends to the registered list, growing both arrays when their sum is at capacity. Under the heap lock.</summary>
        private static bool Add(void* obj)
        {
            ulong pending = s_readyTail - s_readyHead;
            if (s_registeredCount + pending + 1 > s_capacity)
            {
                ulong capacity = s_capacity == 0 ? 256 : s_capacity * 2;
                var registered = (void**)NativeHeap.Allocate(capacity * 8);
                var ready = (void**)NativeHeap.Allocate(capacity * 8);
                if (registered == null || ready == null)
                {
                    NativeHeap.Free(registered);
                    NativeHeap.Free(ready);
                    return false;
                }
                Memory.Move((byte*)registered, (byte*)s_registered, (nuint)(s_registeredCount * 8));
                Memory.Move((byte*)ready, (byte*)(s_ready + s_readyHead), (nuint)(pending * 8));
                NativeHeap.Free(s_registered);
                NativeHeap.Free(s_ready);
                s_registered = registered;
                s_ready = ready;
                s_readyHead = 0;
                s_readyTail = pending;
                s_capacity = capacity;
            }
            s_registered[s_registeredCount++] = obj;
            return true;
        }

        /// <summary>The collector, before anything else is marked: objects waiting for their finalizer are roots.</summary>
        public static void MarkReady(delegate*<ulong, void> mark)
        {
            for (ulong i = s_readyHead; i < s_readyTail; i++) mark((ulong)s_ready[i]);
        }

        /// <summary>
        /// The collector, after marking from the roots: every registered object left unmarked
        /// moves to the ready queue (suppressed ones are just dropped) and is marked with what it
        /// references. Returns whether anything was queued (then <see cref="Wake"/>).
        /// </summary>
        public static bool QueueUnreachable(delegate*<void*, bool> isLive, delegate*<ulong, void> markAndTrace)
        {
            if (s_readyHead == s_readyTail) s_readyHead = s_readyTail = 0;
            ulong kept = 0;
            ulong queued = 0;
            for (ulong i = 0; i < s_registeredCount; i++)
            {
                void* obj = s_registered[i];
                if (isLive(obj))
                    s_registered[kept++] = obj;
                else if ((*HeaderWord(obj) & FinalizerRunBit) == 0)
                {
                    // The sum of both lists never exceeds the capacity, so the ready array has room.
                    if (s_readyTail == s_capacity) Compact();
                    s_ready[s_readyTail++] = obj;
                    queued++;
                }
            }
            s_registeredCount = kept;
            for (ulong i = s_readyTail - queued; i < s_readyTail; i++) markAndTrace((ulong)s_ready[i]);
            return queued != 0;
        }

        private static void Compact()
        {
            ulong pending = s_readyTail - s_readyHead;
            Memory.Move((byte*)s_ready, (byte*)(s_ready + s_readyHead), (nuint)(pending * 8));
            s_readyHead = 0;
            s_readyTail = pending;
        }

        /// <summary>After a collection that queued objects: the finalizer thread has work.</summary>
        public static void Wake() => Request();

        private static void Request()
        {
            Volatile.Write(ref s_request, 1);
            fixed (uint* w = &s_request) Sys.FutexWake(w, 1);
        }

        [RuntimeExport("RhSuppressFinalize")]
        private static void SuppressFinalize(void* obj)
        {
            if (obj != null) Interlocked.Or(ref *HeaderWord(obj), FinalizerRunBit);
        }

        /// <summary>
        /// GC.ReRegisterForFinalize: runs the finalizer (again) when the object next becomes
        /// unreachable. A suppressed object is still on a list: clearing the bit is enough (as in
        /// CoreCLR); otherwise (its finalizer has run) it is registered anew.
        /// </summary>
        [RuntimeExport("RhReRegisterForFinalize")]
        private static bool ReRegisterForFinalize(void* obj)
        {
            if (obj == null) return true;
            if ((Interlocked.And(ref *HeaderWord(obj), ~FinalizerRunBit) & FinalizerRunBit) != 0) return true;
            GcHeap.Lock();
            bool added = Add(obj);
            GcHeap.Unlock();
            return added;
        }

        /// <summary>The finalizer thread's wait: 1 when there is work (CoreLib's loop then drains the queue).</summary>
        [RuntimeExport("RhpWaitForFinalizerRequest")]
        private static uint WaitForFinalizerRequest()
        {
            fixed (uint* w = &s_request)
            {
                while (Interlocked.Exchange(ref s_request, 0) == 0)
                    Sys.FutexWait(w, 0, Abi.WaitForever);
            }
            Volatile.Write(ref s_draining, true);
            return 1;
        }

        /// <summary>The next object whose finalizer is due, or null when the queue is empty.</summary>
        [RuntimeExport("RhpGetNextFinalizableObject")]
        private static void* GetNextFinalizableObject()
        {
            GcHeap.Lock();
            void* obj = null;
            while (obj == null && s_readyHead < s_readyTail)
            {
                obj = s_ready[s_readyHead++];
                if ((*HeaderWord(obj) & FinalizerRunBit) != 0) obj = null;   // suppressed after it was queued
            }
            GcHeap.Unlock();
            return obj;
        }

        [RuntimeExport("RhpSignalFinalizationComplete")]
        private static void SignalFinalizationComplete(uint count, int observedFullGcCount)
        {
            Volatile.Write(ref s_draining, false);
            Interlocked.Increment(ref s_done);
            fixed (uint* w = &s_done) Sys.FutexWake(w, uint.MaxValue);
        }

        /// <summary>
        /// GC.WaitForPendingFinalizers: until the finalizer thread has run every finalizer queued
        /// so far. At once on the finalizer thread itself, or when nothing was ever registered.
        /// </summary>
        [RuntimeExport("RhWaitForPendingFinalizers")]
        private static void WaitForPendingFinalizers(int allowReentrantWait)
        {
            if (s_thread == null || Threads.Current == s_thread) return;
            while (true)
            {
                uint done = Volatile.Read(ref s_done);
                GcHeap.Lock();
                bool idle = s_readyHead == s_readyTail && !Volatile.Read(ref s_draining) && Volatile.Read(ref s_request) == 0;
                GcHeap.Unlock();
                if (idle) return;
                Request();
                fixed (uint* w = &s_done) Sys.FutexWait(w, done, Abi.WaitForever);
            }
        }

        /// <summary>For GC.GetGCMemoryInfo: objects whose finalizer is due.</summary>
        public static long PendingCount => (long)(s_readyTail - s_readyHead);
    }
}
