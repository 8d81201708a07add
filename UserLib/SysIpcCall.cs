using System;
using Veridian.Syscalls;

namespace Veridian.UserLib
{
    public static unsafe partial class Sys
    {
        /// <summary>
        /// SYS_IPC_CALL with the spec's eight arguments: fills the <see cref="IpcCallArgs"/> block
        /// (whose field order is the spec's) and calls the generated <c>IpcCall(IpcCallArgs)</c>.
        /// The response lands in <paramref name="response"/>; its length is Value.ResponseLength.
        /// </summary>
        public static SysResult<IpcCallResult> IpcCall(ChannelId channel, ReadOnlySpan<byte> request, Span<byte> response,
            ulong timeoutNs, Capability capability, Capability channelCap)
        {
            fixed (byte* req = request)
            fixed (byte* resp = response)
            {
                ulong requestAddress = SyscallMemory.In(req, (ulong)request.Length);
                ulong responseAddress = SyscallMemory.Out(resp, (ulong)response.Length);
                SysResult<IpcCallResult> r = IpcCall(new IpcCallArgs(channel, requestAddress, (ulong)request.Length,
                    responseAddress, (ulong)response.Length, timeoutNs, capability, channelCap));
                SyscallMemory.Back(responseAddress, resp, (ulong)response.Length);
                return r;
            }
        }
    }
}
