using System;
using Veridian.Kernel.Console;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Diagnostics
{
    /// <summary>
    /// The managed services on the real machine: an init process makes syscalls through the
    /// same dispatcher ring 3 will use, with arguments in its own memory (mapped by the real
    /// page tables onto real frames). The host tests cover every error path; this proves the
    /// freestanding build of the same code works end to end.
    /// </summary>
    public static class ServiceSelfTests
    {
        private static KernelServices s_kernel;
        private static Thread s_thread;

        public static void Run(KernelServices kernel)
        {
            s_kernel = kernel;
            Process init = kernel.Tasks.CreateInitialProcess(out s_thread);
            SelfTests.Check("services: initial process", init != null && s_thread != null);
            if (init == null) return;
            Capability console = init.Capabilities.TokenOf(1);

            ulong mem = Sys(SyscallFrames.Mmap(0, 16384, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0));
            SelfTests.Check("services: SYS_MMAP", !SyscallReturn.IsError(mem));
            if (SyscallReturn.IsError(mem)) return;
            mem = SyscallReturn.GetValue(mem);

            string text = "services: hello through SYS_WRITE\n";
            Span<byte> bytes = stackalloc byte[text.Length];
            for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
            bool copied = UserMemory.CopyOut(init.Memory, mem, bytes) == SyscallError.Success;
            ulong written = Sys(SyscallFrames.Write(console, new UserBuffer(mem, (ulong)text.Length), 0));
            SelfTests.Check("services: SYS_WRITE to the console", copied && written == SyscallReturn.Ok((ulong)text.Length));

            // The console capability holds Read|Write|Grant|Derive (not Execute); the child keeps only Write.
            ulong derived = Sys(SyscallFrames.CapabilityDerive(console, Rights.Write));
            ulong child = SyscallReturn.GetValue(derived);
            bool deriveOk = !SyscallReturn.IsError(derived)
                && Error(Sys(SyscallFrames.CapabilityDerive(console, Rights.Execute))) == SyscallError.PermissionDenied
                && Error(Sys(SyscallFrames.CapabilityValidate(new Capability(child), Rights.Derive))) == SyscallError.PermissionDenied
                && Error(Sys(SyscallFrames.CapabilityValidate(new Capability(child), Rights.Write))) == SyscallError.Success
                && Error(Sys(SyscallFrames.CapabilityRevoke(new Capability(child)))) == SyscallError.Success
                && Error(Sys(SyscallFrames.CapabilityValidate(new Capability(child), Rights.Write))) == SyscallError.InvalidCapability;
            SelfTests.Check("services: capability derive, validate, revoke", deriveOk);

            SelfTests.Check("services: IPC send and receive", IpcRoundTrip(init, mem + 4096));

            ulong clock = Sys(SyscallFrames.ClockGet(ClockId.Monotonic, new UserOutPtr<Timespec>(mem + 8192)));
            SelfTests.Check("services: SYS_CLOCK_GET and SYS_YIELD",
                !SyscallReturn.IsError(clock) && Error(Sys(SyscallFrames.Yield())) == SyscallError.Success);

            SelfTests.Check("services: unknown syscall is InvalidSyscall",
                Error(Sys(new SyscallFrame(999, 0, 0, 0, 0, 0, 0))) == SyscallError.InvalidSyscall);

            // PROT_NONE pages stay mapped (refused to access) and their frames come back on munmap.
            int framesBefore = kernel.Platform.Frames.FreeCount;
            bool noAccess = Error(Sys(SyscallFrames.Mprotect(mem, 16384, ProtectionFlags.None))) == SyscallError.Success
                && Error(Sys(SyscallFrames.Write(console, new UserBuffer(mem, 4), 0))) == SyscallError.InvalidAddress
                && kernel.Platform.Frames.FreeCount == framesBefore;
            SelfTests.Check("services: SYS_MPROTECT to PROT_NONE refuses access", noAccess);

            bool unmapped = Error(Sys(SyscallFrames.Munmap(mem, 16384))) == SyscallError.Success
                && Error(Sys(SyscallFrames.Write(console, new UserBuffer(mem, 4), 0))) == SyscallError.InvalidAddress
                && kernel.Platform.Frames.FreeCount > framesBefore;
            SelfTests.Check("services: SYS_MUNMAP frees the frames, then the pointer is refused", unmapped);
        }

        private static bool IpcRoundTrip(Process init, ulong scratch)
        {
            ulong first = Sys(SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(scratch)));
            ulong second = Sys(SyscallFrames.IpcEndpointCreate(new UserOutPtr<EndpointCreateResult>(scratch + 64)));
            if (SyscallReturn.IsError(first) || SyscallReturn.IsError(second)) return false;
            UserMemory.Read(init.Memory, scratch, out EndpointCreateResult a);
            UserMemory.Read(init.Memory, scratch + 64, out EndpointCreateResult b);

            ulong channel = Sys(SyscallFrames.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability));
            if (SyscallReturn.IsError(channel)) return false;

            Span<byte> ping = stackalloc byte[] { (byte)'p', (byte)'i', (byte)'n', (byte)'g' };
            UserMemory.CopyOut(init.Memory, scratch + 128, ping);
            ulong sent = Sys(SyscallFrames.IpcSend(new ChannelId(SyscallReturn.GetValue(channel)), new UserBuffer(scratch + 128, 4), Capability.Null, b.Capability));
            if (SyscallReturn.IsError(sent)) return false;

            ulong received = Sys(SyscallFrames.IpcReceive(a.Endpoint, new UserOutBuffer(scratch + 256, 64), 0, a.Capability, new UserOutPtr<IpcReceiveResult>(scratch + 512)));
            if (SyscallReturn.IsError(received)) return false;
            UserMemory.Read(init.Memory, scratch + 512, out IpcReceiveResult result);
            Span<byte> got = stackalloc byte[4];
            UserMemory.CopyIn(init.Memory, scratch + 256, got);
            return result.MessageLength == 4 && got[0] == (byte)'p' && got[3] == (byte)'g';
        }

        private static SyscallError Error(ulong raw) => SyscallReturn.GetError(raw);

        private static ulong Sys(SyscallFrame frame)
        {
            SyscallOutcome outcome = SyscallDispatcher.Dispatch(s_kernel, s_thread, ref frame);
            if (outcome != SyscallOutcome.Completed)
            {
                KernelConsole.WriteLine("selftest: a service syscall did not complete");
                return SyscallReturn.Error(SyscallError.Interrupted);
            }
            return frame.Return;
        }
    }
}
