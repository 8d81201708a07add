using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.UserRuntime
{
    /// <summary>A thread made by <see cref="Threads.Start"/>: its id and its stack (freed by <see cref="Threads.Join"/>).</summary>
    public struct UserThread
    {
        public ThreadId Id;
        public ulong StackBase;
        public ulong StackSize;
    }

    /// <summary>
    /// Threads running C#: SYS_THREAD_CREATE with an anonymous mmap'd stack whose top holds a
    /// small start block {entry, argument}. The kernel enters veridian_thread_trampoline
    /// (Programs/Runtime/x86_64/start.asm) with the block in the first argument register; it calls <see cref="ThreadStart"/>, which runs the
    /// entry and ends the thread with SYS_THREAD_EXIT(entry's return value).
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
            stackSize = (stackSize + Abi.PageSize - 1) & ~(Abi.PageSize - 1);
            SysResult map = Sys.Mmap(0, stackSize, ProtectionFlags.Read | ProtectionFlags.Write,
                MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            if (!map.IsOk) return map;
            // The start block sits in the top 16 bytes; the thread's stack begins below it.
            var block = (StartBlock*)(map.Value + stackSize - 16);
            block->Entry = entry;
            block->Argument = argument;
            SysResult r = Sys.CreateThread(TrampolineAddress(), map.Value, stackSize - 16, (ulong)block).Status;
            if (!r.IsOk)
            {
                Sys.Munmap(map.Value, stackSize);
                return r;
            }
            thread.Id = new ThreadId(r.Value);
            thread.StackBase = map.Value;
            thread.StackSize = stackSize;
            return r;
        }

        /// <summary>SYS_THREAD_JOIN; once the thread has ended, its stack is unmapped. Value = exit code.</summary>
        public static SysResult Join(ref UserThread thread, ulong timeoutNs)
        {
            SysResult r = Sys.JoinThread(thread.Id, timeoutNs).Status;
            if (r.IsOk && thread.StackSize != 0)
            {
                Sys.Munmap(thread.StackBase, thread.StackSize);
                thread.StackSize = 0;
            }
            return r;
        }

        [RuntimeExport("veridian_thread_start")]
        private static void ThreadStart(StartBlock* block)
        {
            int code = block->Entry(block->Argument);
            Sys.ExitThread(code);
        }
    }
}
