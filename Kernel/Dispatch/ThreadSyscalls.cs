using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_THREAD_CREATE, EXIT, JOIN, SUSPEND, RESUME (threads of the caller's own process), SYS_THREAD_SELF, SYS_THREAD_SET_TLS.</summary>
    public static class ThreadSyscalls
    {
        /// <summary>
        /// create(entry, stack_base, stack_size, arg) → ThreadId. The entry must lie in an
        /// executable mapping and the whole stack in a writable one (InvalidAddress); the new
        /// thread starts with stack pointer (stack_base + stack_size) rounded down to 16 and arg
        /// in the first argument register. How many a process may have is its Threads quota
        /// (ResourceExhausted), with a kernel stack charged to its Frames quota each (OutOfMemory
        /// when the machine has no frames for it).
        /// </summary>
        [SyscallHandler(SyscallNumber.ThreadCreate)]
        public static SyscallResult Create(KernelServices k, Thread caller, ulong entry, ulong stackBase, ulong stackSize, ulong arg)
        {
            if (stackSize == 0)
                return SyscallError.InvalidParameter;
            Process p = caller.Process;
            if (!AddressSpace.IsUserRange(entry, 1) || !p.Memory.IsMappedWith(entry, entry + 1, ProtectionFlags.Exec))
                return SyscallError.InvalidAddress;
            if (!AddressSpace.IsUserRange(stackBase, stackSize)
                || !p.Memory.IsMappedWith(stackBase, stackBase + stackSize, ProtectionFlags.Write))
                return SyscallError.InvalidAddress;
            SyscallError e = k.Tasks.AllocateThread(p, out Thread t);
            if (e != SyscallError.Success)
                return e;
            t.EntryPoint = entry;
            t.StackPointer = (stackBase + stackSize) & ~15UL;
            t.Argument = arg;
            k.Tasks.MakeRunnable(t);
            return SyscallResult.Done(t.Id.Raw);
        }

        /// <summary>exit(code): ends the calling thread; the last thread ends the process. Never returns.</summary>
        [SyscallHandler(SyscallNumber.ThreadExit)]
        public static SyscallResult Exit(KernelServices k, Thread caller, int code)
        {
            k.Tasks.ExitThread(caller, code);
            return SyscallResult.Gone;
        }

        /// <summary>
        /// join(tid, timeout_ns) → exit code (as a zero-extended u32). Only threads of the same
        /// process (others are NotFound); not itself (InvalidParameter); one joiner (Busy).
        /// A successful join frees the thread: its id is stale afterwards.
        /// </summary>
        [SyscallHandler(SyscallNumber.ThreadJoin)]
        public static SyscallResult Join(KernelServices k, Thread caller, ThreadId thread, ulong timeout)
        {
            SyscallError e = Sibling(k, caller, thread, exitedCounts: true, out Thread target);
            if (e != SyscallError.Success)
                return e;
            if (target.Joiner != null)
                return SyscallError.Busy;
            if (target.State == ThreadState.Exited)
            {
                ulong value = (uint)target.ExitCode;
                k.Tasks.FreeThread(target);
                return SyscallResult.Done(value);
            }
            if (timeout == Abi.NoWait)
                return SyscallError.Timeout;
            return SyscallResult.BlockedOn(k.Tasks.BeginJoin(caller, target, k.Clock.DeadlineFor(timeout)));
        }

        /// <summary>self() → the caller's ThreadId, for threads the process did not create itself (its first).</summary>
        [SyscallHandler(SyscallNumber.ThreadSelf)]
        public static SyscallResult Self(KernelServices k, Thread caller) => SyscallResult.Done(caller.Id.Raw);

        /// <summary>
        /// set_tls(base): the caller's thread-local storage base, which the architecture loads
        /// whenever the thread runs (FS base on x86_64, from the instruction after the syscall).
        /// Any lower-half address, 0 included (no TLS); not checked for a mapping, because
        /// only the thread's own fs-relative accesses use it and they fault like any access.
        /// Non-canonical or kernel-half: InvalidAddress.
        /// </summary>
        [SyscallHandler(SyscallNumber.ThreadSetTls)]
        public static SyscallResult SetTls(KernelServices k, Thread caller, ulong fsBase)
        {
            if (fsBase >= Abi.UserEnd)
                return SyscallError.InvalidAddress;
            caller.TlsBase = fsBase;
            return SyscallError.Success;
        }

        /// <summary>
        /// The target of join, suspend and resume: a thread of the caller's own process, NotFound
        /// otherwise (no probing of other processes); the caller itself: InvalidParameter. An
        /// Exited thread counts for join (its exit code waits there) but not for suspend and
        /// resume (it has no registers any more).
        /// </summary>
        private static SyscallError Sibling(KernelServices k, Thread caller, ThreadId thread, bool exitedCounts, out Thread target)
        {
            target = k.LookupThread(thread);
            if (target == null || target.Process != caller.Process || (!exitedCounts && target.State == ThreadState.Exited))
                return SyscallError.NotFound;
            if (target == caller)
                return SyscallError.InvalidParameter;
            return SyscallError.Success;
        }

        /// <summary>
        /// suspend(tid, out FaultContext*): the target runs no ring-3 instruction until resumed,
        /// and the caller gets its ring-3 registers as it last left ring 3 (a never-run thread:
        /// its entry, initial stack pointer and argument). Already suspended: Busy (no nesting).
        /// The context is written before the thread is suspended, so a bad pointer
        /// (InvalidAddress) leaves it running. A Blocked target stays in its wait; if the wait
        /// completes meanwhile the result is kept until the resume. One CPU: the caller runs, so
        /// the target is not in ring 3 and its saved frame is complete (SMP will have to stop
        /// the target's CPU first, see <see cref="Platform.MachinePlatform.SavedUserRegisters"/>).
        /// </summary>
        [SyscallHandler(SyscallNumber.ThreadSuspend)]
        public static SyscallResult Suspend(KernelServices k, Thread caller, ThreadId thread, UserOutPtr<FaultContext> context)
        {
            SyscallError e = Sibling(k, caller, thread, exitedCounts: false, out Thread target);
            if (e != SyscallError.Success)
                return e;
            if (target.Suspended)
                return SyscallError.Busy;
            e = UserMemory.Write(caller.Process.Memory, context.Address, k.Tasks.UserContextOf(target));
            if (e != SyscallError.Success)
                return e;
            k.Tasks.SuspendThread(target);
            return SyscallError.Success;
        }

        /// <summary>
        /// resume(tid): a suspended thread runs again (back of the run queue if Ready; a Blocked
        /// one goes on waiting). Same NotFound / InvalidParameter rules as suspend; a thread that
        /// is not suspended: InvalidParameter.
        /// </summary>
        [SyscallHandler(SyscallNumber.ThreadResume)]
        public static SyscallResult Resume(KernelServices k, Thread caller, ThreadId thread)
        {
            SyscallError e = Sibling(k, caller, thread, exitedCounts: false, out Thread target);
            if (e != SyscallError.Success)
                return e;
            if (!target.Suspended)
                return SyscallError.InvalidParameter;
            k.Tasks.ResumeThread(target);
            return SyscallError.Success;
        }
    }
}
