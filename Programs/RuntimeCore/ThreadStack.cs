using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.RuntimeCore
{
    /// <summary>
    /// The syscall-level half of a thread, the same in both runtimes: its stack mapping, the
    /// SYS_THREAD_CREATE that starts it on that stack, and its end. What a thread runs and what
    /// the runtime keeps for it stays each runtime's own: the small runtime's start block
    /// {entry, argument} at the stack's top (Programs/UserRuntime/Threads.cs), the .NET layer's
    /// ThreadBlock behind the FS base with the list the collector walks
    /// (Programs/DotNetRuntime/Threads.cs).
    /// A thread cannot unmap the stack it runs on, so whoever learns that it has ended
    /// (SYS_THREAD_JOIN succeeded) calls <see cref="Unmap"/>.
    /// </summary>
    public unsafe struct ThreadStack
    {
        /// <summary>The whole mapping (guard pages included); MappingSize 0: nothing to unmap
        /// (already unmapped, or a stack this runtime did not map, such as the main thread's).</summary>
        public ulong MappingBase, MappingSize;

        /// <summary>The usable stack: the thread starts with its stack pointer at <see cref="High"/>.
        /// A runtime that keeps a block at the top lowers High below it before <see cref="Start"/>.</summary>
        public ulong Low, High;

        /// <summary>
        /// Maps <paramref name="size"/> bytes of stack (rounded up to pages) with
        /// <paramref name="guard"/> bytes of inaccessible pages below it (0: none). The result's
        /// error is the kernel's (the mapping is given back if the guard cannot be made).
        /// </summary>
        public static SysResult Map(ulong size, ulong guard, out ThreadStack stack)
        {
            stack = default;
            size = PageMapper.RoundUp(size);
            guard = PageMapper.RoundUp(guard);
            SysResult map = PageMapper.TryMap(0, size + guard);
            if (!map.IsOk) return map;
            if (guard != 0)
            {
                SysResult protect = PageMapper.Guard(map.Value, guard);
                if (!protect.IsOk)
                {
                    PageMapper.Unmap((void*)map.Value, size + guard);
                    return protect;
                }
            }
            stack.MappingBase = map.Value;
            stack.MappingSize = size + guard;
            stack.Low = map.Value + guard;
            stack.High = map.Value + guard + size;
            return map;
        }

        /// <summary>
        /// SYS_THREAD_CREATE: a new thread of this process entering <paramref name="entry"/> with
        /// <paramref name="argument"/> as its first argument, on [Low, High). Value = the kernel's
        /// thread id (<see cref="ThreadId"/>).
        /// </summary>
        public SysResult Start(ulong entry, ulong argument)
            => Sys.CreateThread(entry, Low, High - Low, argument).Status;

        /// <summary>Gives the mapping back (once: MappingSize becomes 0).</summary>
        public void Unmap()
        {
            if (MappingSize == 0) return;
            PageMapper.Unmap((void*)MappingBase, MappingSize);
            MappingSize = 0;
        }

        /// <summary>The end of every thread either runtime started: SYS_THREAD_EXIT with
        /// <paramref name="code"/> (what SYS_THREAD_JOIN returns); the stack stays mapped until
        /// the joiner unmaps it.</summary>
        public static void Exit(int code) => Sys.ExitThread(code);
    }
}
