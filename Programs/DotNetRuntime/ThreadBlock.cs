using Veridian.RuntimeCore;
using Veridian.Syscalls;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// One per thread of the process: what the runtime keeps for it, found through the thread's
    /// FS base (SYS_THREAD_SET_TLS points it here; x86_64/dotnet.asm reads <c>[fs:0]</c>). The
    /// first three words are read by assembly: Self, then the exception layer's two per-thread
    /// slots (x86_64/exceptions.asm, <c>veridian_eh_thread_slots</c>).
    /// </summary>
    internal unsafe struct ThreadBlock
    {
        public ThreadBlock* Self;               // 0: [fs:0]
        public nint ExInfoHead;                 // 8: the exceptions being dispatched, newest first
        public nint StackTraceContext;          // 16: while RhpGetCurrentThreadStackTrace runs
        public nint ThreadStatics;              // CoreLib's object[][] of this thread's [ThreadStatic]s

        /// <summary>The stack (the runtime core's): its mapping, guard page included, is unmapped when
        /// the thread is reaped (MappingSize 0 for the main thread's, which is not).</summary>
        public ThreadStack Stack;

        /// <summary>The usable stack: the collector scans [saved sp, StackHigh).</summary>
        public ulong StackLow => Stack.Low;
        public ulong StackHigh => Stack.High;

        /// <summary>The kernel's id (SYS_THREAD_CREATE, or SYS_THREAD_SELF for the main thread).</summary>
        public ThreadId Os;

        /// <summary>CoreLib's start routine and its argument (ThreadEntryPoint, a GCHandle to the Thread).</summary>
        public delegate* unmanaged<nint, nint> Start;
        public nint Parameter;

        /// <summary>Links of <see cref="Threads"/>' list of live threads, or of its list of ended ones.</summary>
        public ThreadBlock* Next;
        public ThreadBlock* Prev;

        /// <summary>Suspended by the collector right now (it resumes exactly these), and its registers then.</summary>
        public bool Suspended;
        public FaultContext Registers;
    }
}
