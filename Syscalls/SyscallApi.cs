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
        [Syscall(SyscallNumber.Exit, NeverReturns = true, Handler = "ProcessSyscalls.Exit", Section = "Processes and I/O")]
        [Detail("arguments", "`arg0` `code`: exit code (low 32 bits, as `i32`)")]
        [Detail("result", "does not return")]
        [Detail("effect", "ends the whole process with reason `Exited`: all threads (blocked calls cancelled), reply obligations (callers get `Interrupted`), owned endpoints (peers see a dead owner), capabilities, mappings; unstarted children are killed, ended ones reaped, running ones orphaned; a waiting parent is woken with the exit info")]
        [Detail("errors", "none")]
        void Exit(int exitCode);

        [Syscall(SyscallNumber.Read, Returns = "bytes read", Handler = "IoSyscalls.Read")]
        [Detail("arguments", "`arg0` `cap` · `arg1` `buffer: ptr` · `arg2` `count: len` · `arg3` `offset: u64`")]
        [Detail("result", "bytes read (0 at the end)")]
        [Detail("memory written", "`buffer[0..result)`")]
        [Detail("objects", "**Console**: what has been typed, at least 1 byte and at most `count`; with nothing typed the caller blocks until a key arrives (no timeout; first come, first served; while the console has a foreground, only its reads get typed bytes and the controller's reads get the diverted Ctrl-Cs, see 106); `count` 0 returns 0 at once. **Log**: `offset` is an absolute position in the log stream. **Memory**: `offset` into the object, short at its end. **SystemInfo**: `offset` selects the table (0 memory, 1 processes, 2 the caller's capabilities, 3 object counts), whole records only ([abi.md §12](abi.md#12-read-and-write-capability-protected-io-objects))")]
        [Error(SyscallError.InvalidCapability, "`cap` names no live capability")]
        [Error(SyscallError.NotSupported, "the object is not one SYS_READ serves (Power, Endpoint, Resource, ...)")]
        [Error(SyscallError.PermissionDenied, "no Read right")]
        [Error(SyscallError.InvalidAddress, "`[buffer, buffer+count)` is outside the user range or wraps; a page of it is not writable (Console: checked before a byte leaves the input ring, also when a blocked reader is woken, so the bytes stay for the next reader)")]
        [Error(SyscallError.OutOfMemory, "a page of the buffer is untouched anonymous memory and no frame is free for it")]
        [Error(SyscallError.InvalidParameter, "Console: `offset` ≠ 0; Log: `offset` beyond the end of the log; Memory: `offset` > object size; SystemInfo: an unknown table")]
        [Error(SyscallError.NotFound, "Log: bytes at `offset` already overwritten in the 16 KiB ring")]
        ulong Read(Capability capability, UserOutBuffer buffer, ulong offset);

        [Syscall(SyscallNumber.Write, Returns = "bytes written", Handler = "IoSyscalls.Write")]
        [Detail("arguments", "`arg0` `cap` · `arg1` `buffer: ptr` · `arg2` `count: len` · `arg3` `offset: u64`")]
        [Detail("result", "bytes written")]
        [Detail("objects", "**Console**: `offset` must be 0; bytes go to the platform console and are appended to the kernel log, copied in 4 KiB chunks (a bad page after the first chunk ends the write short: the result says how far it got). **Memory**: at `offset`, short at the end of the object. **Power**: `offset` 0, the text `poweroff` or `reboot` (optionally with a newline); does not return when it works")]
        [Error(SyscallError.InvalidCapability, "`cap` names no live capability")]
        [Error(SyscallError.NotSupported, "the object is not one SYS_WRITE serves (Log, SystemInfo, Endpoint, ...); Power: the machine could not power off or reset")]
        [Error(SyscallError.PermissionDenied, "no Write right")]
        [Error(SyscallError.InvalidAddress, "`[buffer, buffer+count)` outside the user range or wrapping; the first chunk copied is not readable (Console) or any page is not (Memory, Power)")]
        [Error(SyscallError.InvalidParameter, "Console, Power: `offset` ≠ 0; Power: more than 64 bytes, or any text but `poweroff`/`reboot`; Memory: `offset` > object size")]
        ulong Write(Capability capability, UserBuffer buffer, ulong offset);

        [Syscall(SyscallNumber.Mmap, Returns = "the mapping's address", Handler = "MemorySyscalls.Mmap", Section = "Memory")]
        [Detail("arguments", "`arg0` `addr: ptr` (hint, or exact with `FIXED`) · `arg1` `length: len` · `arg2` `prot: u32` (`READ 1, WRITE 2, EXEC 4`) · `arg3` `flags: u32` (`PRIVATE 1, SHARED 2, ANONYMOUS 4, FIXED 8, POPULATE 16`) · `arg4` `capability: cap` (Memory object, for `SHARED`; 0 otherwise) · `arg5` `offset: u64` (into the memory object)")]
        [Detail("result", "the start address of the mapping (page-aligned; `length` rounded up to pages)")]
        [Detail("kinds", "`PRIVATE | ANONYMOUS`: zero-filled, pages allocated on first touch (all at once with `POPULATE`); `SHARED` (no `ANONYMOUS`): the frames of the memory object at `offset`, with the capability's rights as the ceiling for later `mprotect`")]
        [Detail("placement", "`FIXED`: exactly at `addr`. Otherwise `addr` if that range is free, else the first free range from 64 GiB up")]
        [Error(SyscallError.InvalidParameter, "`prot` or `flags` above 32 bits or with unknown bits")]
        [Error(SyscallError.PermissionDenied, "`prot` has both `WRITE` and `EXEC` (W^X: no user page is ever both)")]
        [Error(SyscallError.InvalidParameter, "not exactly one of `PRIVATE`/`SHARED`; `length` 0 or larger than the user range; `addr` or `offset` not page-aligned; `ANONYMOUS` with a capability or a non-zero offset")]
        [Error(SyscallError.NotSupported, "`SHARED | ANONYMOUS`; `PRIVATE` without `ANONYMOUS` (a private copy of an object)")]
        [Error(SyscallError.InvalidCapability, "`SHARED`: `capability` is not a live Memory capability")]
        [Error(SyscallError.PermissionDenied, "`SHARED`: `prot` needs a right (Read/Write/Execute) the capability lacks")]
        [Error(SyscallError.InvalidParameter, "`SHARED`: `offset + length` beyond the object")]
        [Error(SyscallError.InvalidAddress, "`FIXED`: the range is outside the user range")]
        [Error(SyscallError.AlreadyExists, "`FIXED`: the range overlaps an existing mapping")]
        [Error(SyscallError.OutOfMemory, "no free range large enough; `POPULATE` and frames run out (nothing stays mapped); the region table must grow and the kernel heap cannot spare it")]
        [Error(SyscallError.ResourceExhausted, "the address space already has 1024 regions, or its region table must grow (64, then doubling) and the caller's Frames quota cannot take the larger table's pages")]
        ulong Mmap(ulong addr, ulong length, ProtectionFlags prot, MapFlags flags, Capability capability, ulong offset);

        [Syscall(SyscallNumber.Munmap, Handler = "MemorySyscalls.Munmap")]
        [Detail("arguments", "`arg0` `addr: ptr` · `arg1` `length: len` (rounded up to pages)")]
        [Detail("result", "0")]
        [Detail("effect", "unmaps every page in the range; mappings are split at the edges; unmapped holes are fine")]
        [Error(SyscallError.InvalidParameter, "`length` 0; `addr` not page-aligned")]
        [Error(SyscallError.InvalidAddress, "the range is outside the user range (or its rounded length overflows)")]
        [Error(SyscallError.ResourceExhausted, "the range is inside one mapping, which would split in two, and the address space already has 1024 regions or the Frames quota cannot take a larger region table (nothing changes)")]
        [Error(SyscallError.OutOfMemory, "the split needs a larger region table and the kernel heap cannot spare it (nothing changes)")]
        void Munmap(ulong addr, ulong length);

        [Syscall(SyscallNumber.Mprotect, Handler = "MemorySyscalls.Mprotect")]
        [Detail("arguments", "`arg0` `addr: ptr` · `arg1` `length: len` · `arg2` `prot: u32`")]
        [Detail("result", "0")]
        [Detail("effect", "sets the protection of every page in the range (`PROT_NONE` pages keep their frames)")]
        [Error(SyscallError.InvalidParameter, "`prot` above 32 bits or with unknown bits")]
        [Error(SyscallError.PermissionDenied, "`prot` has both `WRITE` and `EXEC` (W^X)")]
        [Error(SyscallError.InvalidParameter, "`length` 0; `addr` not page-aligned")]
        [Error(SyscallError.InvalidAddress, "the range is outside the user range; a page in it is not mapped")]
        [Error(SyscallError.PermissionDenied, "a shared mapping's ceiling (its capability's rights) does not allow `prot`")]
        [Error(SyscallError.ResourceExhausted, "the range would split a mapping and the address space already has 1024 regions or the Frames quota cannot take a larger region table (nothing changes)")]
        [Error(SyscallError.OutOfMemory, "the split needs a larger region table and the kernel heap cannot spare it (nothing changes)")]
        void Mprotect(ulong addr, ulong length, ProtectionFlags prot);

        [Syscall(SyscallNumber.IpcEndpointCreate, Returns = "the endpoint (also in the out-struct)", Handler = "IpcSyscalls.EndpointCreate", Section = "IPC")]
        [Detail("arguments", "`arg0` `out: ptr` to an `EndpointCreateResult` (16 B)")]
        [Detail("result", "the new `EndpointId`")]
        [Detail("memory written", "`EndpointCreateResult { EndpointId id; Capability cap }`: the caller's capability to it, rights Read | Write | Grant | Derive")]
        [Detail("effect", "an endpoint owned by the caller (no parent capability needed)")]
        [Error(SyscallError.InvalidAddress, "`out` is null or not 16 writable bytes")]
        [Error(SyscallError.ResourceExhausted, "the caller's capability space is full; the endpoint table is full")]
        EndpointId IpcEndpointCreate(UserOutPtr<EndpointCreateResult> result);

        [Syscall(SyscallNumber.IpcChannelCreate, Handler = "IpcSyscalls.ChannelCreate")]
        [Detail("arguments", "`arg0` `endpoint1: EndpointId` · `arg1` `endpoint2: EndpointId` · `arg2` `cap1: cap` · `arg3` `cap2: cap`")]
        [Detail("result", "the new `ChannelId`")]
        [Detail("effect", "a two-way channel between the two endpoints")]
        [Error(new[] { SyscallError.InvalidCapability, SyscallError.PermissionDenied }, "`cap1`, then `cap2`, checked as Endpoint with Write")]
        [Error(SyscallError.NotFound, "`endpoint1` is not the endpoint `cap1` names, or `endpoint2` not `cap2`'s (the ids are resolved through the capabilities only, so an id says nothing without one)")]
        [Error(SyscallError.InvalidParameter, "`endpoint1 == endpoint2`")]
        [Error(SyscallError.Interrupted, "either endpoint is no longer open (owner dead or closing)")]
        [Error(SyscallError.AlreadyExists, "a channel between these two endpoints exists")]
        [Error(SyscallError.ResourceExhausted, "the channel table is full")]
        ChannelId IpcChannelCreate(EndpointId endpoint1, EndpointId endpoint2, Capability cap1, Capability cap2);

        [Syscall(SyscallNumber.IpcSend, Handler = "IpcSyscalls.Send")]
        [Detail("arguments", "`arg0` `channel: ChannelId` · `arg1` `message: ptr` · `arg2` `length: len` (0..4096) · `arg3` `capability: cap` to transfer (0 = none) · `arg4` `channel_cap: cap`, the caller's Write capability to one end of the channel")]
        [Detail("result", "0")]
        [Detail("effect", "queues the message on the channel's *other* endpoint and hands it to a blocked receiver if there is one. Never blocks. A transferred capability travels as a derivative (same rights) of the sender's")]
        [Error(new[] { SyscallError.InvalidCapability, SyscallError.PermissionDenied }, "`channel_cap` checked as Endpoint with Write")]
        [Error(SyscallError.NotFound, "`channel` names no channel, or one whose ends do not include `channel_cap`'s endpoint")]
        [Error(SyscallError.InvalidParameter, "`length` > 4096")]
        [Error(SyscallError.Interrupted, "the destination endpoint's owner has exited")]
        [Error(SyscallError.NotFound, "the destination endpoint is closed")]
        [Error(SyscallError.Busy, "the destination queue is full (16); nothing is queued")]
        [Error(SyscallError.InvalidCapability, "`capability` ≠ 0 and names no live capability")]
        [Error(SyscallError.PermissionDenied, "`capability` lacks Grant")]
        [Error(SyscallError.ResourceExhausted, "the kernel's transit capability space is full; no message buffer is free")]
        [Error(SyscallError.InvalidAddress, "`[message, message+length)` is not readable user memory")]
        void IpcSend(ChannelId channel, UserBuffer message, Capability capability, Capability channelCap);

        [Syscall(SyscallNumber.IpcReceive, Returns = "message length", Handler = "IpcSyscalls.Receive")]
        [Detail("arguments", "`arg0` `endpoint: EndpointId` · `arg1` `buffer: ptr` · `arg2` `length: len` · `arg3` `timeout` · `arg4` `endpoint_cap: cap`, Read capability to that endpoint · `arg5` `out: ptr` to an `IpcReceiveResult` (32 B)")]
        [Detail("result", "the message length")]
        [Detail("memory written", "`buffer[0..result)`; `IpcReceiveResult { ProcessId sender; u64 message_len; Capability capability (0 = none); ReplyToken reply_token (0 = none, set for a call) }`")]
        [Detail("blocking", "with an empty queue, waits up to `timeout` for a message; the result is delivered when the thread resumes")]
        [Error(new[] { SyscallError.InvalidCapability, SyscallError.PermissionDenied }, "`endpoint_cap` checked as Endpoint with Read")]
        [Error(SyscallError.NotFound, "`endpoint` is not the endpoint `endpoint_cap` names")]
        [Error(SyscallError.InvalidAddress, "`[buffer, buffer+length)` outside the user range; `out` null or not 32 writable bytes; a buffer page not writable at delivery")]
        [Error(SyscallError.Interrupted, "the endpoint's owner has exited (also wakes blocked receivers)")]
        [Error(SyscallError.BufferTooSmall, "the head message is longer than `length`: `out.message_len` = the size needed, the message stays queued")]
        [Error(SyscallError.ResourceExhausted, "a transferred capability does not fit in the caller's full capability space (message stays queued)")]
        [Error(SyscallError.Timeout, "the queue is empty and `timeout` is 0, or the timeout passes")]
        [Error(SyscallError.NotFound, "the endpoint closes while the caller waits")]
        ulong IpcReceive(EndpointId endpoint, UserOutBuffer buffer, ulong timeoutNs, Capability endpointCap,
            UserOutPtr<IpcReceiveResult> result);

        /// <summary>The spec's eight arguments travel in the <see cref="IpcCallArgs"/> block (field order = spec order).</summary>
        [Syscall(SyscallNumber.IpcCall, Returns = "response length", Handler = "IpcSyscalls.Call")]
        [Detail("arguments", "`arg0` `args: ptr` to an `IpcCallArgs` (64 B: `channel, request, request_len, response, response_len, timeout_ns, capability, channel_cap`) · `arg1` `out: ptr` to an `IpcCallResult` (24 B)")]
        [Detail("result", "the response length")]
        [Detail("memory written", "`response[0..result)`; `IpcCallResult { ProcessId responder; u64 response_len; Capability capability (0 = none) }`")]
        [Detail("blocking", "sends the request with a fresh one-shot reply token and waits for the reply, up to `timeout_ns`")]
        [Error(SyscallError.InvalidAddress, "`args` null or not readable")]
        [Error(new[] { SyscallError.InvalidCapability, SyscallError.PermissionDenied, SyscallError.NotFound }, "`channel_cap` and `channel` as for `SYS_IPC_SEND`")]
        [Error(SyscallError.InvalidParameter, "`timeout_ns` is 0 (a call always waits); `response_len` > 4096")]
        [Error(SyscallError.InvalidAddress, "`[response, response+response_len)` outside the user range; `out` null or not 24 writable bytes")]
        [Error(new[] { SyscallError.InvalidParameter, SyscallError.Interrupted, SyscallError.NotFound, SyscallError.Busy, SyscallError.InvalidCapability, SyscallError.PermissionDenied, SyscallError.ResourceExhausted, SyscallError.InvalidAddress }, "`request_len` > 4096 (`InvalidParameter`), dead owner (`Interrupted`), closed endpoint (`NotFound`), full queue (`Busy`), capability transfer (`InvalidCapability`, `PermissionDenied`), no message buffer or reply object (`ResourceExhausted`), unreadable request (`InvalidAddress`)", Label = "any error of `SYS_IPC_SEND`'s posting")]
        [Error(SyscallError.Timeout, "no reply before the timeout")]
        [Error(SyscallError.Interrupted, "the server holding the reply token exits")]
        [Error(SyscallError.NotFound, "the endpoint closes while the request is still queued")]
        [Error(SyscallError.InvalidAddress, "the response buffer is no longer writable when the reply arrives")]
        ulong IpcCall(UserPtr<IpcCallArgs> args, UserOutPtr<IpcCallResult> result);

        [Syscall(SyscallNumber.IpcReply, Handler = "IpcSyscalls.Reply")]
        [Detail("arguments", "`arg0` `reply_token: ReplyToken` · `arg1` `response: ptr` · `arg2` `length: len` · `arg3` `capability: cap` to transfer (0 = none)")]
        [Detail("result", "0")]
        [Detail("effect", "copies the response into the caller's response buffer, writes its `IpcCallResult`, wakes it with the length; the token is used up")]
        [Error(SyscallError.NotFound, "the token is stale, already used, or was not received by this process")]
        [Error(SyscallError.InvalidParameter, "`length` > 4096")]
        [Error(SyscallError.Interrupted, "the caller has given up (timeout) or died; the token is used up")]
        [Error(SyscallError.BufferTooSmall, "`length` > the caller's `response_len`; the token stays valid")]
        [Error(SyscallError.InvalidCapability, "`capability` ≠ 0 and names no live capability")]
        [Error(SyscallError.PermissionDenied, "`capability` lacks Grant")]
        [Error(SyscallError.ResourceExhausted, "`capability` ≠ 0 and the caller's capability space is full; the token stays valid")]
        [Error(SyscallError.InvalidAddress, "`[response, response+length)` is not readable")]
        void IpcReply(ReplyToken replyToken, UserBuffer response, Capability capability);

        [Syscall(SyscallNumber.ProcessCreate, Handler = "ProcessSyscalls.Create", Section = "Processes and threads")]
        [Detail("arguments", "`arg0` `binary: ptr` · `arg1` `binary_len: len` (64 B .. 16 MiB) · `arg2` `args: ptr` to `UserString[]` (16 B each: `u64 pointer, u64 length`, not NUL-terminated) · `arg3` `args_len` (≤ 32 strings, ≤ 4096 bytes in all) · `arg4` `capabilities: ptr` to `cap[]` · `arg5` `cap_count` (≤ 16)")]
        [Detail("result", "the child's `ProcessId`")]
        [Detail("effect", "a child in state **Created** (runs only after `SYS_PROCESS_START`): the ELF's `PT_LOAD` segments mapped and copied, a 64 KiB stack ending at `0x7FFF_FFFF_0000` holding the strings, the `UserString` array, the granted capabilities (derivatives, same rights, in the order given) and a `StartInfo { argc, argv, cap_count, caps }`; the first thread starts at the ELF entry with the stack pointer and first argument register at the `StartInfo`. A failure leaves nothing behind")]
        [Error(SyscallError.InvalidParameter, "`binary_len` outside 64 B .. 16 MiB; more than 32 args or 16 capabilities")]
        [Error(SyscallError.InvalidAddress, "the binary, args or capability array ranges are outside the user range or unreadable")]
        [Error(SyscallError.InvalidCapability, "a capability to grant names no live capability")]
        [Error(SyscallError.PermissionDenied, "a capability to grant lacks Grant")]
        [Error(SyscallError.InvalidParameter, "the strings exceed 4096 bytes; the image is not an accepted ELF ([abi.md §10](abi.md#10-processes-and-threads): ELF64 LE `ET_EXEC` for this machine, 1..8 `PT_LOAD`, segments in the user range, not overlapping the stack, entry in an executable segment)")]
        [Error(SyscallError.PermissionDenied, "a `PT_LOAD` segment is flagged both writable and executable (W^X)")]
        [Error(SyscallError.NotSupported, "the image has a `PT_INTERP` (dynamically linked)")]
        [Error(SyscallError.ResourceExhausted, "the process or thread table is full, or a quota for them (or the child's Frames quota, for its first thread's kernel stack) is used up; the child's capability space cannot take the grants")]
        [Error(SyscallError.OutOfMemory, "frames run out while loading (the first thread's kernel stack included)")]
        ProcessId CreateProcess(UserBuffer binary, UserArray<UserString> args, UserArray<Capability> capabilities);

        [Syscall(SyscallNumber.ProcessStart, Handler = "ProcessSyscalls.Start")]
        [Detail("arguments", "`arg0` `pid: ProcessId`")]
        [Detail("result", "0")]
        [Detail("effect", "makes the child's first thread runnable")]
        [Error(SyscallError.NotFound, "`pid` names no process, or one that is not the caller's child")]
        [Error(SyscallError.Busy, "it was already started")]
        void StartProcess(ProcessId process);

        [Syscall(SyscallNumber.ProcessWait, Handler = "ProcessSyscalls.Wait")]
        [Detail("arguments", "`arg0` `pid: ProcessId` · `arg1` `timeout` · `arg2` `out: ptr` to a `ProcessExitInfo` (24 B)")]
        [Detail("result", "0")]
        [Detail("memory written", "`ProcessExitInfo { i32 exit_code; u32 reason (Exited 0, Faulted 1, Killed 2); u32 fault_code (`Syscalls/FaultCode.cs`); u32 0; u64 fault_address }`")]
        [Detail("effect", "when the child has ended: writes the info and reaps it (its id becomes stale); otherwise waits up to `timeout`")]
        [Error(SyscallError.NotFound, "`pid` names no process (including one already reaped), or one that is not the caller's child")]
        [Error(SyscallError.InvalidAddress, "`out` null or not 24 writable bytes")]
        [Error(SyscallError.Busy, "another thread is already waiting for it")]
        [Error(SyscallError.Timeout, "it is still running and `timeout` is 0, or the timeout passes")]
        void WaitProcess(ProcessId process, ulong timeoutNs, UserOutPtr<ProcessExitInfo> info);

        [Syscall(SyscallNumber.ThreadCreate, Handler = "ThreadSyscalls.Create")]
        [Detail("arguments", "`arg0` `entry: ptr` · `arg1` `stack_base: ptr` · `arg2` `stack_size: len` · `arg3` `arg: u64`")]
        [Detail("result", "the new `ThreadId`")]
        [Detail("effect", "a runnable thread of the caller's process at `entry`, stack pointer `(stack_base + stack_size) & ~15`, `arg` in the first argument register")]
        [Error(SyscallError.InvalidParameter, "`stack_size` 0")]
        [Error(SyscallError.InvalidAddress, "`entry` is not in an executable mapping; the stack range is not entirely writable mappings in the user range")]
        [Error(SyscallError.ResourceExhausted, "the thread table is full (1024 threads, more on a machine with more memory: `KernelConfig.ForMachine`); the caller's Threads quota is used up (there is no fixed number per process: exited threads not yet joined count); its Frames quota cannot take the new thread's kernel stack (4 frames)")]
        [Error(SyscallError.OutOfMemory, "the machine has no free frames for the new thread's kernel stack")]
        ThreadId CreateThread(ulong entryPoint, ulong stackBase, ulong stackSize, ulong arg);

        [Syscall(SyscallNumber.ThreadExit, NeverReturns = true, Handler = "ThreadSyscalls.Exit")]
        [Detail("arguments", "`arg0` `code` (low 32 bits, as `i32`)")]
        [Detail("result", "does not return")]
        [Detail("effect", "ends the calling thread; a joiner is woken with the code; the last thread's exit ends the process with that code")]
        [Detail("errors", "none")]
        void ExitThread(int exitCode);

        [Syscall(SyscallNumber.ThreadJoin, Returns = "the thread's exit code, zero-extended from 32 bits", Handler = "ThreadSyscalls.Join")]
        [Detail("arguments", "`arg0` `tid: ThreadId` · `arg1` `timeout`")]
        [Detail("result", "the thread's exit code, as a zero-extended u32")]
        [Detail("effect", "when the thread has ended, frees it (its id becomes stale); otherwise waits up to `timeout`")]
        [Error(SyscallError.NotFound, "`tid` names no thread, or a thread of another process")]
        [Error(SyscallError.InvalidParameter, "`tid` is the caller")]
        [Error(SyscallError.Busy, "another thread is already joining it")]
        [Error(SyscallError.Timeout, "it is still running and `timeout` is 0, or the timeout passes")]
        int JoinThread(ThreadId thread, ulong timeoutNs);

        [Syscall(SyscallNumber.CapabilityCreate, Returns = "the new object's first capability", Handler = "CapabilitySyscalls.Create", Section = "Capabilities")]
        [Detail("arguments", "`arg0` `object_type` (`Resource 1`, `Memory 2`, `Endpoint 3`) · `arg1` `object_id` (Resource: the quota share it gives a child, 1 .. 100 percent; Memory: size in bytes, 1 .. 64 MiB, rounded up to pages; Endpoint: 0) · `arg2` `rights: u32` · `arg3` `parent: cap`, a Resource capability with Create")]
        [Detail("result", "the new capability (a child of `parent` in the derivation tree)")]
        [Detail("effect", "a sub-resource (granted to a new process, it sets that process's quota: [abi.md §7](abi.md#7-capabilities)), a new zeroed memory object, or an endpoint owned by the caller")]
        [Error(SyscallError.InvalidParameter, "`rights` above 32 bits or with unknown bits; `object_type` > 255")]
        [Error(new[] { SyscallError.InvalidCapability, SyscallError.PermissionDenied }, "`parent` checked as Resource with Create")]
        [Error(SyscallError.PermissionDenied, "`rights` not a subset of the parent's")]
        [Error(SyscallError.ResourceExhausted, "the caller's capability space is full")]
        [Error(SyscallError.InvalidParameter, "Resource: share 0 or above 100; Memory: size 0 or above 64 MiB; Endpoint: `object_id` ≠ 0; any other object type (including `SystemInfo 8` and `Power 9`, kernel singletons nobody creates)")]
        [Error(SyscallError.NotSupported, "`None`, `Process`, `Thread`, `Console`, `Log`")]
        [Error(SyscallError.ResourceExhausted, "the resource-object, memory-object or endpoint table is full, or the caller's quota for that kind (or for frames) is used up")]
        [Error(SyscallError.OutOfMemory, "Memory: frames run out")]
        Capability CapabilityCreate(ObjectType objectType, ObjectId objectId, Rights rights, Capability parent);

        [Syscall(SyscallNumber.CapabilityDerive, Returns = "the derived capability", Handler = "CapabilitySyscalls.Derive")]
        [Detail("arguments", "`arg0` `parent: cap` · `arg1` `rights: u32`")]
        [Detail("result", "the new capability, a child of `parent`, in the caller's space")]
        [Error(SyscallError.InvalidParameter, "`rights` above 32 bits or with unknown bits")]
        [Error(SyscallError.InvalidCapability, "`parent` names no live capability")]
        [Error(SyscallError.PermissionDenied, "`parent` lacks Derive, or `rights` is not a subset of its rights")]
        [Error(SyscallError.ResourceExhausted, "the caller's capability space is full")]
        Capability CapabilityDerive(Capability parent, Rights newRights);

        [Syscall(SyscallNumber.CapabilityRevoke, Handler = "CapabilitySyscalls.Revoke", ErrorsWhen = "when")]
        [Detail("arguments", "`arg0` `cap`")]
        [Detail("result", "0")]
        [Detail("effect", "removes `cap` and every capability derived from it, in every process, including copies in queued messages; objects left without capabilities (and mappings) are freed")]
        [Error(SyscallError.InvalidCapability, "`cap` names no live capability")]
        void CapabilityRevoke(Capability capability);

        [Syscall(SyscallNumber.CapabilityValidate, Handler = "CapabilitySyscalls.Validate")]
        [Detail("arguments", "`arg0` `cap` · `arg1` `required_rights: u32`")]
        [Detail("result", "0: the capability is live and has every required right")]
        [Error(SyscallError.InvalidParameter, "`required_rights` above 32 bits or with unknown bits")]
        [Error(SyscallError.InvalidCapability, "`cap` names no live capability")]
        [Error(SyscallError.PermissionDenied, "a required right is missing")]
        void CapabilityValidate(Capability capability, Rights requiredRights);

        [Syscall(SyscallNumber.ClockGet, Handler = "TimeSyscalls.ClockGet", Section = "Time")]
        [Detail("arguments", "`arg0` `clock_id` (`Monotonic 0`: ns since boot; `Realtime 1`: monotonic plus the boot-time epoch from the RTC) · `arg1` `out: ptr` to a `Timespec` (16 B)")]
        [Detail("result", "0")]
        [Detail("memory written", "`Timespec { i64 seconds; i64 nanoseconds }`")]
        [Error(SyscallError.InvalidParameter, "another `clock_id`")]
        [Error(SyscallError.InvalidAddress, "`out` is not 16 writable bytes")]
        void ClockGet(ClockId clockId, UserOutPtr<Timespec> time);

        [Syscall(SyscallNumber.Nanosleep, Handler = "TimeSyscalls.Nanosleep")]
        [Detail("arguments", "`arg0` `duration: ptr` to a `Timespec`")]
        [Detail("result", "0")]
        [Detail("effect", "a zero duration yields and returns at once; otherwise the thread sleeps on the monotonic clock for the duration (saturating: effectively forever for huge values)")]
        [Error(SyscallError.InvalidAddress, "`duration` is not 16 readable bytes")]
        [Error(SyscallError.InvalidParameter, "`seconds` < 0, or `nanoseconds` outside 0 .. 999 999 999")]
        void Nanosleep(UserPtr<Timespec> duration);

        [Syscall(SyscallNumber.Yield, Handler = "TimeSyscalls.Yield")]
        [Detail("arguments", "none")]
        [Detail("result", "0")]
        [Detail("effect", "moves the caller to the back of the run queue")]
        [Detail("errors", "none")]
        void Yield();

        /// <summary>
        /// VeridianOS extension: the parent ends a child, started or not, as if it had been
        /// killed by the kernel (ExitReason.Killed, exit code -1); its waiter learns so. A child
        /// that has already ended is left alone. Same authority as start and wait: parenthood.
        /// </summary>
        [Syscall(SyscallNumber.ProcessKill, Handler = "ProcessSyscalls.Kill", Section = "Extensions (numbers from 100, [abi.md §12a](abi.md#12a-extensions))")]
        [Detail("arguments", "`arg0` `pid: ProcessId`")]
        [Detail("result", "0")]
        [Detail("effect", "ends the child with reason `Killed` (exit code -1), releasing everything as `SYS_EXIT` does; a child that has already ended is left as it is, its exit info kept for `SYS_PROCESS_WAIT`")]
        [Error(SyscallError.NotFound, "`pid` names no process, or one that is not the caller's child")]
        void KillProcess(ProcessId process);

        /// <summary>
        /// VeridianOS extension: if the aligned 32-bit word at <c>address</c> still holds
        /// <c>expected</c>, block until SYS_FUTEX_WAKE on that address in this process or the
        /// timeout (0: Timeout at once, u64::MAX: no deadline). A different value is Busy: try again.
        /// </summary>
        [Syscall(SyscallNumber.FutexWait, Handler = "FutexSyscalls.Wait")]
        [Detail("arguments", "`arg0` `address: ptr` (a 32-bit word), `arg1` `expected: u32`, `arg2` `timeout`")]
        [Detail("result", "0 when woken by `SYS_FUTEX_WAKE`")]
        [Detail("effect", "if the word at `address` still holds `expected`, blocks until a wake on the same address in the same process or the timeout; keyed by (process, address)")]
        [Error(SyscallError.InvalidParameter, "`expected` above 32 bits (before the handler); `address` not 4-byte aligned")]
        [Error(SyscallError.InvalidAddress, "the word is not readable (null guard, unmapped, no read permission, kernel half, non-canonical)")]
        [Error(SyscallError.OutOfMemory, "the word's untouched anonymous page could not get a frame")]
        [Error(SyscallError.Busy, "the word ≠ `expected`: the value changed, re-read it and try again (nothing blocked)")]
        [Error(SyscallError.Timeout, "`timeout` 0 with the word = `expected`; or, after blocking, the timeout passed with no wake")]
        void FutexWait(UserPtr<uint> address, uint expected, ulong timeoutNs);

        /// <summary>VeridianOS extension: wakes up to <c>count</c> threads of this process waiting on <c>address</c>, first come first woken.</summary>
        [Syscall(SyscallNumber.FutexWake, Returns = "the number of threads woken", Handler = "FutexSyscalls.Wake")]
        [Detail("arguments", "`arg0` `address: ptr` (a 32-bit word), `arg1` `count: u32`")]
        [Detail("result", "the number of threads woken, 0 .. `count`")]
        [Detail("effect", "wakes up to `count` threads of the caller's process waiting on `address`, oldest first; their waits return 0")]
        [Error(SyscallError.InvalidParameter, "`count` above 32 bits (before the handler); `address` not 4-byte aligned")]
        [Error(SyscallError.InvalidAddress, "the word is not readable")]
        [Error(SyscallError.OutOfMemory, "the word's untouched anonymous page could not get a frame")]
        ulong FutexWake(UserPtr<uint> address, uint count);

        /// <summary>VeridianOS extension: the calling thread's thread-local storage base (FS base on x86_64), from the next instruction on.</summary>
        [Syscall(SyscallNumber.ThreadSetTls, Handler = "ThreadSyscalls.SetTls")]
        [Detail("arguments", "`arg0` `base: u64`")]
        [Detail("result", "0")]
        [Detail("effect", "the calling thread's TLS base (x86_64: FS base) is `base` from the next instruction on; 0 = none; not checked for a mapping")]
        [Error(SyscallError.InvalidAddress, "`base` ≥ `0x8000_0000_0000` (non-canonical or kernel half); the old base stays")]
        void ThreadSetTls(ulong fsBase);

        /// <summary>
        /// VeridianOS extension: the process's ring-3 fault handler (entry 0: none, faults kill
        /// the process). A fault then builds a `FaultContext` on the faulting thread's stack
        /// (or below <c>stackTop</c> if not 0) and runs <c>entry</c> with its address as the first argument.
        /// </summary>
        [Syscall(SyscallNumber.ExceptionHandlerSet, Handler = "ExceptionSyscalls.HandlerSet")]
        [Detail("arguments", "`arg0` `entry: u64`, `arg1` `stack_top: u64`")]
        [Detail("result", "0")]
        [Detail("effect", "the process's ring-3 fault handler and its stack (0: the faulting thread's); `entry` 0 removes the handler (faults kill again)")]
        [Error(SyscallError.InvalidParameter, "`entry` 0 with `stack_top` ≠ 0")]
        [Error(SyscallError.InvalidAddress, "`entry` outside the user range or not in an executable mapping; `stack_top` ≠ 0 and above `0x8000_0000_0000` or too low to hold a context above the null guard")]
        void ExceptionHandlerSet(ulong entry, ulong stackTop);

        /// <summary>
        /// VeridianOS extension: ends the running fault handler and resumes the thread with the
        /// registers of <c>context</c> (usually edited). Returns only with an error.
        /// </summary>
        [Syscall(SyscallNumber.ExceptionReturn, Returns = "nothing: on success the thread continues at the context's pc", Handler = "ExceptionSyscalls.Return", ErrorsWhen = "when (in order; after any of them the thread is still in its handler)")]
        [Detail("arguments", "`arg0` `context: ptr` (a 168-byte `FaultContext`)")]
        [Detail("result", "does not return on success: the thread continues with the context's registers (the flags sanitised, the vector/FP state of the fault)")]
        [Detail("effect", "ends the running fault handler of the calling thread")]
        [Error(SyscallError.InvalidAddress, "`context` is not 168 readable bytes; its `pc` or `sp` is ≥ `0x8000_0000_0000`")]
        [Error(SyscallError.InvalidParameter, "the thread is not in a fault handler")]
        void ExceptionReturn(UserPtr<FaultContext> context);

        /// <summary>
        /// VeridianOS extension: hands the console's input to a child (docs/abi.md §12a). While it
        /// is set, typed bytes go only to the child's SYS_READs, and each Ctrl-C (byte 3) is taken
        /// out of the stream and given to the caller's own console reads instead. It ends when
        /// either process ends, or with ProcessId.None. Needs Read|Grant on the console.
        /// </summary>
        [Syscall(SyscallNumber.ConsoleForeground, Handler = "IoSyscalls.ConsoleForeground")]
        [Detail("arguments", "`arg0` `console: Capability`, `arg1` `pid: ProcessId` (`None` = take the input back)")]
        [Detail("effect", "the child becomes the console's foreground and the caller its controller: typed bytes go only to the child's console reads (other readers wait), and each Ctrl-C (byte 3) is taken out of the stream and returned, as one byte 3, by the controller's next console read. Ends when the foreground or the controller ends, or with `pid` `None` (Ctrl-Cs not yet read go back into the stream). A child that has already ended: nothing happens")]
        [Error(SyscallError.InvalidCapability, "`console` is not a live capability of the caller")]
        [Error(SyscallError.NotSupported, "`console` names an object that is not the console")]
        [Error(SyscallError.PermissionDenied, "`console` lacks Read or Grant")]
        [Error(SyscallError.NotFound, "`pid` (not `None`) names no process, or one that is not the caller's child")]
        void ConsoleForeground(Capability console, ProcessId process);

        /// <summary>
        /// VeridianOS extension: stops another thread of the caller's own process (what a
        /// stop-the-world garbage collector needs) and writes its ring-3 registers, as they were
        /// when it last left ring 3, to <c>context</c> (a `FaultContext` with code, address and
        /// error 0). It runs no ring-3 instruction until SYS_THREAD_RESUME; a wait it is blocked
        /// in goes on and may complete meanwhile, returning only after the resume. No nesting:
        /// already suspended is Busy.
        /// </summary>
        [Syscall(SyscallNumber.ThreadSuspend, Handler = "ThreadSyscalls.Suspend", ErrorsWhen = "when (in order; after any of them the thread is not suspended by this call)")]
        [Detail("arguments", "`arg0` `tid: ThreadId`, `arg1` `context: ptr` (a 168-byte `FaultContext`, out)")]
        [Detail("result", "0")]
        [Detail("effect", "the thread runs no ring-3 instruction until `SYS_THREAD_RESUME` (a Ready one leaves the run queue; a Blocked one stays in its wait, which may complete, and returns only after the resume); `*context` = its ring-3 registers as it last left ring 3 (never run: pc = entry, sp = initial stack pointer, first argument register = argument, the rest 0), code/address/error 0")]
        [Detail("writes", "`FaultContext` at `context`, before the thread is suspended")]
        [Error(SyscallError.NotFound, "`tid` names no thread (stale, freed, malformed), a thread of another process, or an Exited thread not yet joined")]
        [Error(SyscallError.InvalidParameter, "`tid` is the caller")]
        [Error(SyscallError.Busy, "the thread is already suspended")]
        [Error(SyscallError.InvalidAddress, "`context` is not 168 writable bytes")]
        [Error(SyscallError.OutOfMemory, "the context's untouched anonymous page could not get a frame")]
        void SuspendThread(ThreadId thread, UserOutPtr<FaultContext> context);

        /// <summary>VeridianOS extension: lets a thread stopped by SYS_THREAD_SUSPEND run again (not suspended: InvalidParameter).</summary>
        [Syscall(SyscallNumber.ThreadResume, Handler = "ThreadSyscalls.Resume")]
        [Detail("arguments", "`arg0` `tid: ThreadId`")]
        [Detail("result", "0")]
        [Detail("effect", "a suspended thread runs again: back of the run queue if Ready, still waiting if Blocked")]
        [Error(SyscallError.NotFound, "as for `SYS_THREAD_SUSPEND`")]
        [Error(SyscallError.InvalidParameter, "`tid` is the caller, or the thread is not suspended")]
        void ResumeThread(ThreadId thread);

        /// <summary>
        /// VeridianOS extension: the calling thread's own id (the main thread has no other way to
        /// learn it: SYS_THREAD_CREATE names only the threads it makes). Never fails.
        /// </summary>
        [Syscall(SyscallNumber.ThreadSelf, Returns = "the caller's ThreadId", Handler = "ThreadSyscalls.Self", Footnote = "No errors: every thread may ask for its own id.")]
        [Detail("arguments", "none")]
        [Detail("result", "the caller's `ThreadId`")]
        [Detail("effect", "none")]
        ThreadId ThreadSelf();
    }
}
