using System;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// The kernel tests are written against buffers given as pointer + length (stack buffers,
    /// mapped pages) and results as out-structs; these adapters turn that shape into UserLib's
    /// generated wrappers (spans, the out-struct as the result's value). They only call Sys.*.
    /// For deliberately bad out pointers, which no typed wrapper can pass, see
    /// <see cref="Raw"/>.
    /// </summary>
    public static unsafe class Calls
    {
        public static SysResult Write(Capability cap, byte* buffer, ulong count, ulong offset)
            => Sys.Write(cap, new ReadOnlySpan<byte>(buffer, (int)count), offset);

        public static SysResult Read(Capability cap, byte* buffer, ulong count, ulong offset)
            => Sys.Read(cap, new Span<byte>(buffer, (int)count), offset);

        public static SysResult IpcSend(ChannelId channel, byte* message, ulong length, Capability capability, Capability channelCap)
            => Sys.IpcSend(channel, new ReadOnlySpan<byte>(message, (int)length), capability, channelCap);

        public static SysResult IpcReceive(EndpointId endpoint, byte* buffer, ulong length, ulong timeoutNs, Capability endpointCap,
            IpcReceiveResult* result)
        {
            SysResult<IpcReceiveResult> r = Sys.IpcReceive(endpoint, new Span<byte>(buffer, (int)length), timeoutNs, endpointCap);
            *result = r.Value;
            return r.Status;
        }

        public static SysResult IpcCall(ChannelId channel, byte* request, ulong requestLength, byte* response, ulong responseLength,
            ulong timeoutNs, Capability capability, Capability channelCap, IpcCallResult* result)
        {
            SysResult<IpcCallResult> r = Sys.IpcCall(channel, new ReadOnlySpan<byte>(request, (int)requestLength),
                new Span<byte>(response, (int)responseLength), timeoutNs, capability, channelCap);
            *result = r.Value;
            return r.Status;
        }

        public static SysResult IpcReply(ReplyToken token, byte* response, ulong length, Capability capability)
            => Sys.IpcReply(token, new ReadOnlySpan<byte>(response, (int)length), capability);

        public static SysResult IpcEndpointCreate(EndpointCreateResult* result)
        {
            SysResult<EndpointCreateResult> r = Sys.IpcEndpointCreate();
            *result = r.Value;
            return r.Status;
        }

        public static SysResult CreateProcess(byte* binary, ulong binaryLength, UserString* args, ulong argCount,
            Capability* capabilities, ulong capCount)
            => Sys.CreateProcess(new ReadOnlySpan<byte>(binary, (int)binaryLength), new ReadOnlySpan<UserString>(args, (int)argCount),
                new ReadOnlySpan<Capability>(capabilities, (int)capCount)).Status;

        public static SysResult WaitProcess(ProcessId process, ulong timeoutNs, ProcessExitInfo* info)
        {
            SysResult<ProcessExitInfo> r = Sys.WaitProcess(process, timeoutNs);
            *info = r.Value;
            return r.Status;
        }

        public static SysResult ClockGet(ClockId clock, Timespec* time)
        {
            SysResult<Timespec> r = Sys.ClockGet(clock);
            *time = r.Value;
            return r.Status;
        }
    }

    /// <summary>
    /// Register-level calls with crafted arguments (bad out pointers), built on
    /// <see cref="Syscall"/> and <see cref="SyscallNumber"/> only: what test-pointers needs
    /// where a typed wrapper would supply a good pointer of its own.
    /// </summary>
    public static class Raw
    {
        public static SysResult Call1(SyscallNumber n, ulong a0) => new SysResult(Syscall.Syscall1((ulong)n, a0));
        public static SysResult Call2(SyscallNumber n, ulong a0, ulong a1) => new SysResult(Syscall.Syscall2((ulong)n, a0, a1));
        public static SysResult Call3(SyscallNumber n, ulong a0, ulong a1, ulong a2) => new SysResult(Syscall.Syscall3((ulong)n, a0, a1, a2));
        public static SysResult Call6(SyscallNumber n, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
            => new SysResult(Syscall.Syscall6((ulong)n, a0, a1, a2, a3, a4, a5));
    }
}
