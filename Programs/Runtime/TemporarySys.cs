using Veridian.Syscalls;

namespace Veridian.UserLib
{
    /// <summary>One syscall's outcome: the error (Success if none) and, on success, the value register.</summary>
    public readonly struct SysResult
    {
        public readonly SyscallError Error;
        public readonly ulong Value;

        public SysResult(ulong raw)
        {
            Error = SyscallReturn.GetError(raw);
            Value = SyscallReturn.IsError(raw) ? 0 : SyscallReturn.GetValue(raw);
        }

        public bool IsOk => Error == SyscallError.Success;
    }

    /// <summary>
    /// TEMPORARY typed syscall layer, until the generated Veridian.UserLib.Sys (one declaration
    /// per syscall, on another branch) is merged; then this file is deleted. Arguments follow
    /// the specification's order, plus the out-pointer arguments of docs/abi.md section 3. Built
    /// only on <see cref="Syscall"/> and <see cref="SyscallNumber"/>: no number is written here.
    /// </summary>
    public static unsafe class Sys
    {
        private static SysResult R(ulong raw) => new SysResult(raw);
        private static ulong N(SyscallNumber n) => (ulong)n;

        public static void Exit(int code)
        {
            Syscall.Syscall1(N(SyscallNumber.Exit), (uint)code);
            for (;;) { }
        }

        public static SysResult Read(Capability cap, byte* buffer, ulong count, ulong offset)
            => R(Syscall.Syscall4(N(SyscallNumber.Read), cap.Raw, (ulong)buffer, count, offset));

        public static SysResult Write(Capability cap, byte* buffer, ulong count, ulong offset)
            => R(Syscall.Syscall4(N(SyscallNumber.Write), cap.Raw, (ulong)buffer, count, offset));

        public static SysResult Mmap(ulong addr, ulong length, ProtectionFlags prot, MapFlags flags, Capability cap, ulong offset)
            => R(Syscall.Syscall6(N(SyscallNumber.Mmap), addr, length, (uint)prot, (uint)flags, cap.Raw, offset));

        public static SysResult Munmap(ulong addr, ulong length)
            => R(Syscall.Syscall2(N(SyscallNumber.Munmap), addr, length));

        public static SysResult Mprotect(ulong addr, ulong length, ProtectionFlags prot)
            => R(Syscall.Syscall3(N(SyscallNumber.Mprotect), addr, length, (uint)prot));

        public static SysResult IpcEndpointCreate(EndpointCreateResult* result)
            => R(Syscall.Syscall1(N(SyscallNumber.IpcEndpointCreate), (ulong)result));

        public static SysResult IpcChannelCreate(EndpointId endpoint1, EndpointId endpoint2, Capability cap1, Capability cap2)
            => R(Syscall.Syscall4(N(SyscallNumber.IpcChannelCreate), endpoint1.Raw, endpoint2.Raw, cap1.Raw, cap2.Raw));

        public static SysResult IpcSend(ChannelId channel, byte* message, ulong length, Capability capability, Capability channelCap)
            => R(Syscall.Syscall5(N(SyscallNumber.IpcSend), channel.Raw, (ulong)message, length, capability.Raw, channelCap.Raw));

        public static SysResult IpcReceive(EndpointId endpoint, byte* buffer, ulong length, ulong timeoutNs, Capability endpointCap,
            IpcReceiveResult* result)
            => R(Syscall.Syscall6(N(SyscallNumber.IpcReceive), endpoint.Raw, (ulong)buffer, length, timeoutNs, endpointCap.Raw, (ulong)result));

        public static SysResult IpcCall(ChannelId channel, byte* request, ulong requestLength, byte* response, ulong responseLength,
            ulong timeoutNs, Capability capability, Capability channelCap, IpcCallResult* result)
        {
            var args = new IpcCallArgs(channel, (ulong)request, requestLength, (ulong)response, responseLength, timeoutNs,
                capability, channelCap);
            return R(Syscall.Syscall2(N(SyscallNumber.IpcCall), (ulong)&args, (ulong)result));
        }

        public static SysResult IpcReply(ReplyToken token, byte* response, ulong length, Capability capability)
            => R(Syscall.Syscall4(N(SyscallNumber.IpcReply), token.Raw, (ulong)response, length, capability.Raw));

        public static SysResult CreateProcess(byte* binary, ulong binaryLength, UserString* args, ulong argCount,
            Capability* capabilities, ulong capCount)
            => R(Syscall.Syscall6(N(SyscallNumber.ProcessCreate), (ulong)binary, binaryLength, (ulong)args, argCount,
                (ulong)capabilities, capCount));

        public static SysResult StartProcess(ProcessId process)
            => R(Syscall.Syscall1(N(SyscallNumber.ProcessStart), process.Raw));

        public static SysResult WaitProcess(ProcessId process, ulong timeoutNs, ProcessExitInfo* info)
            => R(Syscall.Syscall3(N(SyscallNumber.ProcessWait), process.Raw, timeoutNs, (ulong)info));

        public static SysResult CreateThread(ulong entry, ulong stackBase, ulong stackSize, ulong arg)
            => R(Syscall.Syscall4(N(SyscallNumber.ThreadCreate), entry, stackBase, stackSize, arg));

        public static void ExitThread(int code)
        {
            Syscall.Syscall1(N(SyscallNumber.ThreadExit), (uint)code);
            for (;;) { }
        }

        public static SysResult JoinThread(ThreadId thread, ulong timeoutNs)
            => R(Syscall.Syscall2(N(SyscallNumber.ThreadJoin), thread.Raw, timeoutNs));

        public static SysResult CapabilityCreate(ObjectType type, ulong objectId, Rights rights, Capability parent)
            => R(Syscall.Syscall4(N(SyscallNumber.CapabilityCreate), (ulong)type, objectId, rights.Bits, parent.Raw));

        public static SysResult CapabilityDerive(Capability parent, Rights rights)
            => R(Syscall.Syscall2(N(SyscallNumber.CapabilityDerive), parent.Raw, rights.Bits));

        public static SysResult CapabilityRevoke(Capability capability)
            => R(Syscall.Syscall1(N(SyscallNumber.CapabilityRevoke), capability.Raw));

        public static SysResult CapabilityValidate(Capability capability, Rights rights)
            => R(Syscall.Syscall2(N(SyscallNumber.CapabilityValidate), capability.Raw, rights.Bits));

        public static SysResult ClockGet(ClockId clock, Timespec* time)
            => R(Syscall.Syscall2(N(SyscallNumber.ClockGet), (ulong)clock, (ulong)time));

        public static SysResult Nanosleep(Timespec* duration)
            => R(Syscall.Syscall1(N(SyscallNumber.Nanosleep), (ulong)duration));

        public static SysResult Yield()
            => R(Syscall.Syscall0(N(SyscallNumber.Yield)));
    }
}
