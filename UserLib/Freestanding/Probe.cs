using System;
using System.Runtime;
using Veridian.Syscalls;

namespace Veridian.UserLib.Freestanding
{
    /// <summary>
    /// Roots UserLib's wrappers for the ILC check in this project (nothing calls it): ILC only
    /// compiles code reachable from an export, so without it the check would prove nothing.
    /// </summary>
    internal static unsafe class Probe
    {
        [RuntimeExport("veridian_userlib_probe")]
        private static ulong Run(ulong seed)
        {
            byte* bytes = stackalloc byte[16];
            Span<byte> buffer = new Span<byte>(bytes, 16);
            Capability cap = new Capability(seed);
            ulong total = Sys.Write(cap, buffer, 0).Value + Sys.Read(cap, buffer, 0).Value;
            total += Sys.Mmap(0, 4096, ProtectionFlags.Read, MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0).Value;
            total += (ulong)Sys.Munmap(seed, 4096).Error + (ulong)Sys.Mprotect(seed, 4096, ProtectionFlags.None).Error;
            SysResult<EndpointCreateResult> ep = Sys.IpcEndpointCreate();
            total += Sys.IpcChannelCreate(ep.Value.Endpoint, ep.Value.Endpoint, cap, cap).Value.Raw;
            total += (ulong)Sys.IpcSend(new ChannelId(seed), buffer, Capability.Null, cap).Error;
            total += Sys.IpcReceive(ep.Value.Endpoint, buffer, Abi.NoWait, cap).Value.MessageLength;
            total += Sys.IpcCall(new ChannelId(seed), buffer, buffer, Abi.WaitForever, Capability.Null, cap).Value.ResponseLength;
            total += (ulong)Sys.IpcReply(new ReplyToken(seed), buffer, Capability.Null).Error;
            UserString* args = stackalloc UserString[1];
            args[0] = new UserString((ulong)bytes, 4);
            Capability* caps = stackalloc Capability[1];
            caps[0] = cap;
            SysResult<ProcessId> pid = Sys.CreateProcess(buffer, new ReadOnlySpan<UserString>(args, 1), new ReadOnlySpan<Capability>(caps, 1));
            total += (ulong)Sys.StartProcess(pid.Value).Error + (ulong)Sys.WaitProcess(pid.Value, 0).Value.ExitCode;
            SysResult<ThreadId> tid = Sys.CreateThread(seed, seed, 4096, 0);
            total += (ulong)Sys.JoinThread(tid.Value, Abi.WaitForever).Value;
            total += Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.All, cap).Value.Raw;
            total += Sys.CapabilityDerive(cap, Rights.Read).Value.Raw;
            total += (ulong)Sys.CapabilityRevoke(cap).Error + (ulong)Sys.CapabilityValidate(cap, Rights.Write).Error;
            total += (ulong)Sys.ClockGet(ClockId.Monotonic).Value.Nanoseconds;
            total += (ulong)Sys.Nanosleep(new Timespec(0, 1000)).Error + (ulong)Sys.Yield().Error;
            if (total == seed)
                Sys.ExitThread(1);
            if (total == 0)
                Sys.Exit(0);
            return total;
        }
    }
}
