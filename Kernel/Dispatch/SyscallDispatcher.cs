using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// From registers to a handler and back. Every handler has the same shape
    /// (decode → look up capability → check rights → act → encode): it returns a
    /// <see cref="SyscallError"/> and, on success, one register value; anything larger it has
    /// already written to user memory through <see cref="Memory.UserMemory"/>.
    /// </summary>
    public static class SyscallDispatcher
    {
        public static SyscallOutcome Dispatch(KernelServices kernel, Thread caller, ref SyscallFrame frame)
        {
            if (caller.State != ThreadState.Ready)
                throw new System.InvalidOperationException("syscall from a thread that is not running");
            ulong value = 0;
            SyscallError e;
            switch ((SyscallNumber)frame.Number)
            {
                case SyscallNumber.Exit: e = ProcessSyscalls.Exit(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Read: e = IoSyscalls.Read(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Write: e = IoSyscalls.Write(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Mmap: e = MemorySyscalls.Mmap(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Munmap: e = MemorySyscalls.Munmap(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Mprotect: e = MemorySyscalls.Mprotect(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcEndpointCreate: e = IpcSyscalls.EndpointCreate(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcChannelCreate: e = IpcSyscalls.ChannelCreate(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcSend: e = IpcSyscalls.Send(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcReceive: e = IpcSyscalls.Receive(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcCall: e = IpcSyscalls.Call(kernel, caller, ref frame, out value); break;
                case SyscallNumber.IpcReply: e = IpcSyscalls.Reply(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ProcessCreate: e = ProcessSyscalls.Create(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ProcessStart: e = ProcessSyscalls.Start(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ProcessWait: e = ProcessSyscalls.Wait(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ThreadCreate: e = ThreadSyscalls.Create(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ThreadExit: e = ThreadSyscalls.Exit(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ThreadJoin: e = ThreadSyscalls.Join(kernel, caller, ref frame, out value); break;
                case SyscallNumber.CapabilityCreate: e = CapabilitySyscalls.Create(kernel, caller, ref frame, out value); break;
                case SyscallNumber.CapabilityDerive: e = CapabilitySyscalls.Derive(kernel, caller, ref frame, out value); break;
                case SyscallNumber.CapabilityRevoke: e = CapabilitySyscalls.Revoke(kernel, caller, ref frame, out value); break;
                case SyscallNumber.CapabilityValidate: e = CapabilitySyscalls.Validate(kernel, caller, ref frame, out value); break;
                case SyscallNumber.ClockGet: e = TimeSyscalls.ClockGet(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Nanosleep: e = TimeSyscalls.Nanosleep(kernel, caller, ref frame, out value); break;
                case SyscallNumber.Yield: e = TimeSyscalls.Yield(kernel, caller, ref frame, out value); break;
                default: e = SyscallError.InvalidSyscall; break;
            }
            if (caller.State == ThreadState.Blocked)
                return SyscallOutcome.Blocked;
            if (caller.State != ThreadState.Ready)
                return SyscallOutcome.Exited;
            frame.Return = SyscallReturn.Encode(e, value);
            caller.ReturnValue = frame.Return;
            return SyscallOutcome.Completed;
        }
    }
}
