using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.RuntimeCore;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>A thread made by <see cref="Threads.Start"/>: its id and its stack (freed by <see cref="Threads.Join"/>).</summary>
    public struct UserThread
    {
        public ThreadId Id;
        public ThreadStack Stack;
    }

    /// <summary>
    /// Threads running C#: the runtime core's stack mapping and SYS_THREAD_CREATE
    /// (Programs/RuntimeCore/ThreadStack.cs), with a small start block {entry, argument} at the
    /// stack's top. The kernel enters veridian_thread_trampoline (Programs/UserRuntime/x86_64/start.asm)
    /// with the block in the first argument register; it calls <see cref="ThreadStart"/>, which runs the entry and
    /// ends the thread with SYS_THREAD_EXIT(entry's return value).
    /// Kept apart from the .NET layer's threads: no per-thread block, no list of threads (there is
    /// no collector that must find them), the caller joins, and no guard page (each would split the
    /// stack's mapping in two regions; these programs' stacks are small and their threads few).
    /// </summary>
    public static unsafe class Threads
    {
        public const ulong DefaultStackSize = 64 * 1024;

        private struct StartBlock
        {
            public delegate*<ulong, int> Entry;
            public ulong Argument;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_thread_trampoline_address")]
        private static extern ulong TrampolineAddress();

        /// <summary>Starts entry(argument) on a new thread; the result's Value is the ThreadId.</summary>
        public static SysResult Start(delegate*<ulong, int> entry, ulong argument, ulong stackSize, out UserThread thread)
        {
            thread = default;
            SysResult map = ThreadStack.Map(stackSize, 0, out ThreadStack stack);
            if (!map.IsOk) return map;
            // The start block sits in the top 16 bytes; the thread's stack begins below it.
            stack.High -= 16;
            var block = (StartBlock*)stack.High;
            block->Entry = entry;
            block->Argument = argument;
            SysResult r = stack.Start(TrampolineAddress(), (ulong)block);
            if (!r.IsOk)
            {
                stack.Unmap();
                return r;
            }
            thread.Id = new ThreadId(r.Value);
            thread.Stack = stack;
            return r;
        }

        /// <summary>SYS_THREAD_JOIN; once the thread has ended, its stack is unmapped. Value = exit code.</summary>
        public static SysResult Join(ref UserThread thread, ulong timeoutNs)
        {
            SysResult r = Sys.JoinThread(thread.Id, timeoutNs).Status;
            if (r.IsOk) thread.Stack.Unmap();
            return r;
        }

        [RuntimeExport("veridian_thread_start")]
        private static void ThreadStart(StartBlock* block)
        {
            ThreadStack.Exit(block->Entry(block->Argument));
        }
    }
}
