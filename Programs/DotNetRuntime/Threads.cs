using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.RuntimeCore;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The process's threads (docs/dotnet.md "Threads"). Each has a <see cref="ThreadBlock"/>
    /// reached through its FS base. CoreLib starts a thread with SystemNative_CreateThread(size,
    /// ThreadEntryPoint, handle): we map a stack with a guard page, link a block into the list of
    /// live threads and only then SYS_THREAD_CREATE, all under one lock the collector also takes,
    /// so a collection never misses a thread that can run managed code. The new thread enters
    /// x86_64/dotnet.asm's veridian_thread_entry → <see cref="Run"/>. An ended thread moves to a
    /// second list; its kernel slot (SYS_THREAD_JOIN), stack and block are reclaimed by the next
    /// thread that starts or ends, so at most a few ended threads ever wait there.
    /// The stack mapping, SYS_THREAD_CREATE and SYS_THREAD_EXIT are the runtime core's
    /// (Programs/RuntimeCore/ThreadStack.cs), shared with the small runtime; the block, the two
    /// lists, the FS base and the reaping are this layer's own, because the collector must find
    /// and stop every thread that can run managed code and CoreLib keeps per-thread state.
    /// </summary>
    internal static unsafe class Threads
    {
        /// <summary>A new thread's stack when CoreLib asks for none in particular (the main thread's too).</summary>
        public const ulong DefaultStackSize = 1024 * 1024;

        private const ulong GuardSize = Abi.PageSize;

        private static ThreadBlock s_main;
        private static ThreadBlock* s_live;        // every thread that can run managed code
        private static ThreadBlock* s_ended;       // ended, waiting to be reclaimed
        private static ulong s_lock;
        private static delegate* unmanaged<void> s_exitCallback;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_current_thread")]
        private static extern ThreadBlock* CurrentBlock();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_thread_entry_address")]
        private static extern ulong EntryAddress();

        /// <summary>The calling thread's block.</summary>
        public static ThreadBlock* Current => CurrentBlock();

        /// <summary>The first live thread; follow <see cref="ThreadBlock.Next"/>. Only under <see cref="Lock"/>.</summary>
        public static ThreadBlock* Live => s_live;

        public static void Lock() { SpinLock.Acquire(ref s_lock); }

        public static void Unlock() { SpinLock.Release(ref s_lock); }

        /// <summary>
        /// The main thread's block, before anything else runs: its FS base, its stack
        /// (<paramref name="stackLow"/>..<paramref name="stackTop"/>).
        /// </summary>
        public static bool InitializeMain(ulong stackLow, ulong stackTop)
        {
            fixed (ThreadBlock* main = &s_main)
            {
                main->Self = main;
                main->Stack.Low = stackLow;
                main->Stack.High = stackTop;
                SysResult<ThreadId> self = Sys.ThreadSelf();
                main->Os = self.Value;
                s_live = main;
                return self.IsOk && Sys.ThreadSetTls((ulong)main).IsOk;
            }
        }

        public static void SetExitCallback(void* callback) => s_exitCallback = (delegate* unmanaged<void>)callback;

        /// <summary>
        /// CoreLib's Thread.Start: a thread running <paramref name="start"/>(<paramref name="parameter"/>);
        /// false (CoreLib throws OutOfMemoryException) when there is no memory or kernel thread for it.
        /// </summary>
        [RuntimeExport("SystemNative_CreateThread")]
        private static int Create(nint stackSize, delegate* unmanaged<nint, nint> start, nint parameter)
            => Start(start, parameter, stackSize > 0 ? (ulong)stackSize : DefaultStackSize) != null ? 1 : 0;

        /// <summary>A thread of the runtime's own (the finalizer thread) running CoreLib's <paramref name="start"/>.</summary>
        public static ThreadBlock* StartRuntimeThread(delegate* unmanaged<nint, nint> start) => Start(start, 0, DefaultStackSize);

        private static ThreadBlock* Start(delegate* unmanaged<nint, nint> start, nint parameter, ulong size)
        {
            Reap();
            if (!ThreadStack.Map(size, GuardSize, out ThreadStack stack).IsOk) return null;
            var block = (ThreadBlock*)NativeHeap.Allocate((ulong)sizeof(ThreadBlock));
            if (block == null)
            {
                stack.Unmap();
                return null;
            }
            *block = default;
            block->Self = block;
            block->Stack = stack;
            block->Start = start;
            block->Parameter = parameter;

            Lock();
            Link(ref s_live, block);
            SysResult created = block->Stack.Start(EntryAddress(), (ulong)block);
            if (created.IsOk)
                block->Os = new ThreadId(created.Value);
            else
                Unlink(ref s_live, block);
            Unlock();
            if (created.IsOk) return block;
            NativeHeap.Free(block);
            stack.Unmap();
            return null;
        }

        /// <summary>A new thread, from veridian_thread_entry: its FS base, CoreLib's start routine, the exit callback, the end.
        /// Hidden from stack traces: a worker's report ends in CoreLib's thread start, as on any OS.</summary>
        [RuntimeExport("veridian_thread_run"), System.Diagnostics.StackTraceHidden]
        private static void Run(ThreadBlock* block)
        {
            Sys.ThreadSetTls((ulong)block);
            block->Start(block->Parameter);
            if (s_exitCallback != null) s_exitCallback();
            Lock();
            Unlink(ref s_live, block);
            Link(ref s_ended, block);
            Unlock();
            Reap();
            ThreadStack.Exit(0);
        }

        /// <summary>Reclaims every ended thread the kernel has finished with (its kernel slot, stack, block).</summary>
        private static void Reap()
        {
            Lock();
            ThreadBlock* b = s_ended;
            while (b != null)
            {
                ThreadBlock* next = b->Next;
                if (b != Current && Sys.JoinThread(b->Os, Abi.NoWait).Error != SyscallError.Timeout)
                {
                    Unlink(ref s_ended, b);
                    b->Stack.Unmap();
                    NativeHeap.Free(b);
                }
                b = next;
            }
            Unlock();
        }

        private static void Link(ref ThreadBlock* list, ThreadBlock* b)
        {
            b->Prev = null;
            b->Next = list;
            if (list != null) list->Prev = b;
            list = b;
        }

        private static void Unlink(ref ThreadBlock* list, ThreadBlock* b)
        {
            if (b->Prev != null) b->Prev->Next = b->Next;
            else list = b->Next;
            if (b->Next != null) b->Next->Prev = b->Prev;
            b->Next = b->Prev = null;
        }
    }
}
