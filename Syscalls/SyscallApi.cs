namespace Veridian.Syscalls
{
    /// <summary>
    /// <para>
    /// <b>The one declaration of every syscall</b>: number, name, arguments in the spec's order with
    /// their types, and what the return register carries. Nothing implements this interface;
    /// <c>Syscalls.Generator</c> reads it at compile time and generates from it the kernel
    /// dispatcher's decoding of <c>SyscallFrame</c> into typed arguments and its switch
    /// (<c>Kernel/Dispatch</c>), UserLib's typed wrappers (<c>Veridian.UserLib.Sys</c>) and the
    /// reference table <c>docs/syscalls.md</c>.
    /// </para>
    /// <para>
    /// Argument types decide the registers: ids, tokens, <see cref="ObjectId"/>, <c>ulong</c>, an
    /// <c>int</c> exit code (low 32 bits), enums and <see cref="Rights"/> take one register each — a
    /// register whose value does not fit the type (flags, rights, clock ids above 32 bits, object
    /// types above 8) is InvalidParameter before the handler runs, never truncated. A
    /// <see cref="UserBuffer"/> / <see cref="UserOutBuffer"/> is two registers (pointer, byte
    /// length), a <see cref="UserArray{T}"/> two (pointer, count), a <see cref="UserPtr{T}"/> /
    /// <see cref="UserOutPtr{T}"/> one (pointer to sizeof(T) bytes). A <see cref="UserOutPtr{T}"/>
    /// is one of the extra out-pointer arguments this kernel adds after the spec's (docs/abi.md §3).
    /// </para>
    /// <para>
    /// The return type is the success value in the return register (<c>void</c>: 0). Errors are
    /// bit 63 plus a <see cref="SyscallError"/> (<see cref="SyscallReturn"/>).
    /// </para>
    /// </summary>
    public interface ISyscallApi
    {
        [Syscall(SyscallNumber.Exit, NeverReturns = true)]
        void Exit(int exitCode);

        [Syscall(SyscallNumber.Read, Returns = "bytes read")]
        ulong Read(Capability capability, UserOutBuffer buffer, ulong offset);

        [Syscall(SyscallNumber.Write, Returns = "bytes written")]
        ulong Write(Capability capability, UserBuffer buffer, ulong offset);

        [Syscall(SyscallNumber.Mmap, Returns = "the mapping's address")]
        ulong Mmap(ulong addr, ulong length, ProtectionFlags prot, MapFlags flags, Capability capability, ulong offset);

        [Syscall(SyscallNumber.Munmap)]
        void Munmap(ulong addr, ulong length);

        [Syscall(SyscallNumber.Mprotect)]
        void Mprotect(ulong addr, ulong length, ProtectionFlags prot);

        [Syscall(SyscallNumber.IpcEndpointCreate, Returns = "the endpoint (also in the out-struct)")]
        EndpointId IpcEndpointCreate(UserOutPtr<EndpointCreateResult> result);

        [Syscall(SyscallNumber.IpcChannelCreate)]
        ChannelId IpcChannelCreate(EndpointId endpoint1, EndpointId endpoint2, Capability cap1, Capability cap2);

        [Syscall(SyscallNumber.IpcSend)]
        void IpcSend(ChannelId channel, UserBuffer message, Capability capability, Capability channelCap);

        [Syscall(SyscallNumber.IpcReceive, Returns = "message length")]
        ulong IpcReceive(EndpointId endpoint, UserOutBuffer buffer, ulong timeoutNs, Capability endpointCap,
            UserOutPtr<IpcReceiveResult> result);

        /// <summary>The spec's eight arguments travel in the <see cref="IpcCallArgs"/> block (field order = spec order).</summary>
        [Syscall(SyscallNumber.IpcCall, Returns = "response length")]
        ulong IpcCall(UserPtr<IpcCallArgs> args, UserOutPtr<IpcCallResult> result);

        [Syscall(SyscallNumber.IpcReply)]
        void IpcReply(ReplyToken replyToken, UserBuffer response, Capability capability);

        [Syscall(SyscallNumber.ProcessCreate)]
        ProcessId CreateProcess(UserBuffer binary, UserArray<UserString> args, UserArray<Capability> capabilities);

        [Syscall(SyscallNumber.ProcessStart)]
        void StartProcess(ProcessId process);

        [Syscall(SyscallNumber.ProcessWait)]
        void WaitProcess(ProcessId process, ulong timeoutNs, UserOutPtr<ProcessExitInfo> info);

        [Syscall(SyscallNumber.ThreadCreate)]
        ThreadId CreateThread(ulong entryPoint, ulong stackBase, ulong stackSize, ulong arg);

        [Syscall(SyscallNumber.ThreadExit, NeverReturns = true)]
        void ExitThread(int exitCode);

        [Syscall(SyscallNumber.ThreadJoin, Returns = "the thread's exit code, zero-extended from 32 bits")]
        int JoinThread(ThreadId thread, ulong timeoutNs);

        [Syscall(SyscallNumber.CapabilityCreate, Returns = "the new object's first capability")]
        Capability CapabilityCreate(ObjectType objectType, ObjectId objectId, Rights rights, Capability parent);

        [Syscall(SyscallNumber.CapabilityDerive, Returns = "the derived capability")]
        Capability CapabilityDerive(Capability parent, Rights newRights);

        [Syscall(SyscallNumber.CapabilityRevoke)]
        void CapabilityRevoke(Capability capability);

        [Syscall(SyscallNumber.CapabilityValidate)]
        void CapabilityValidate(Capability capability, Rights requiredRights);

        [Syscall(SyscallNumber.ClockGet)]
        void ClockGet(ClockId clockId, UserOutPtr<Timespec> time);

        [Syscall(SyscallNumber.Nanosleep)]
        void Nanosleep(UserPtr<Timespec> duration);

        [Syscall(SyscallNumber.Yield)]
        void Yield();

        /// <summary>
        /// VeridianOS extension: the parent ends a child, started or not, as if it had been
        /// killed by the kernel (ExitReason.Killed, exit code -1); its waiter learns so. A child
        /// that has already ended is left alone. Same authority as start and wait: parenthood.
        /// </summary>
        [Syscall(SyscallNumber.ProcessKill)]
        void KillProcess(ProcessId process);

        /// <summary>
        /// VeridianOS extension: if the aligned 32-bit word at <c>address</c> still holds
        /// <c>expected</c>, block until SYS_FUTEX_WAKE on that address in this process or the
        /// timeout (0: Timeout at once, u64::MAX: no deadline). A different value is Busy: try again.
        /// </summary>
        [Syscall(SyscallNumber.FutexWait)]
        void FutexWait(UserPtr<uint> address, uint expected, ulong timeoutNs);

        /// <summary>VeridianOS extension: wakes up to <c>count</c> threads of this process waiting on <c>address</c>, first come first woken.</summary>
        [Syscall(SyscallNumber.FutexWake, Returns = "the number of threads woken")]
        ulong FutexWake(UserPtr<uint> address, uint count);

        /// <summary>VeridianOS extension: the calling thread's thread-local storage base (FS base on x86_64), from the next instruction on.</summary>
        [Syscall(SyscallNumber.ThreadSetTls)]
        void ThreadSetTls(ulong fsBase);

        /// <summary>
        /// VeridianOS extension: the process's ring-3 fault handler (entry 0: none, faults kill
        /// the process). A fault then builds a `FaultContext` on the faulting thread's stack
        /// (or below <c>stackTop</c> if not 0) and runs <c>entry</c> with its address as the first argument.
        /// </summary>
        [Syscall(SyscallNumber.ExceptionHandlerSet)]
        void ExceptionHandlerSet(ulong entry, ulong stackTop);

        /// <summary>
        /// VeridianOS extension: ends the running fault handler and resumes the thread with the
        /// registers of <c>context</c> (usually edited). Returns only with an error.
        /// </summary>
        [Syscall(SyscallNumber.ExceptionReturn, Returns = "nothing: on success the thread continues at the context's pc")]
        void ExceptionReturn(UserPtr<FaultContext> context);

        /// <summary>
        /// VeridianOS extension: hands the console's input to a child (docs/abi.md §12a). While it
        /// is set, typed bytes go only to the child's SYS_READs, and each Ctrl-C (byte 3) is taken
        /// out of the stream and given to the caller's own console reads instead. It ends when
        /// either process ends, or with ProcessId.None. Needs Read|Grant on the console.
        /// </summary>
        [Syscall(SyscallNumber.ConsoleForeground)]
        void ConsoleForeground(Capability console, ProcessId process);

        /// <summary>
        /// VeridianOS extension: stops another thread of the caller's own process (what a
        /// stop-the-world garbage collector needs) and writes its ring-3 registers, as they were
        /// when it last left ring 3, to <c>context</c> (a `FaultContext` with code, address and
        /// error 0). It runs no ring-3 instruction until SYS_THREAD_RESUME; a wait it is blocked
        /// in goes on and may complete meanwhile, returning only after the resume. No nesting:
        /// already suspended is Busy.
        /// </summary>
        [Syscall(SyscallNumber.ThreadSuspend)]
        void SuspendThread(ThreadId thread, UserOutPtr<FaultContext> context);

        /// <summary>VeridianOS extension: lets a thread stopped by SYS_THREAD_SUSPEND run again (not suspended: InvalidParameter).</summary>
        [Syscall(SyscallNumber.ThreadResume)]
        void ResumeThread(ThreadId thread);

        /// <summary>
        /// VeridianOS extension: the calling thread's own id (the main thread has no other way to
        /// learn it: SYS_THREAD_CREATE names only the threads it makes). Never fails.
        /// </summary>
        [Syscall(SyscallNumber.ThreadSelf, Returns = "the caller's ThreadId")]
        ThreadId ThreadSelf();
    }
}
