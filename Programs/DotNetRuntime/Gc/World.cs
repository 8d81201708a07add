using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// Stopping the process's other threads for a collection (docs/dotnet.md "Threads"). The
    /// collector is conservative, so a thread may be stopped at any instruction: the kernel
    /// suspends it (SYS_THREAD_SUSPEND) and hands back the registers it had when it last left
    /// ring 3, which the collector scans with its stack. Before suspending anyone the collector
    /// takes every lock it needs (the heap's, which it holds already, the handle table's, the
    /// thread list's), so no suspended thread can hold one of them.
    /// </summary>
    internal static unsafe class World
    {
        public static void Stop()
        {
            Handles.Lock();
            Threads.Lock();
            ThreadBlock* self = Threads.Current;
            for (ThreadBlock* t = Threads.Live; t != null; t = t->Next)
            {
                t->Suspended = false;
                if (t == self) continue;
                SysResult<FaultContext> stopped = Sys.SuspendThread(t->Os);
                t->Suspended = stopped.IsOk;
                t->Registers = stopped.Value;
            }
        }

        public static void Start()
        {
            for (ThreadBlock* t = Threads.Live; t != null; t = t->Next)
            {
                if (t->Suspended) Sys.ResumeThread(t->Os);
                t->Suspended = false;
            }
            Threads.Unlock();
            Handles.Unlock();
        }
    }
}
