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

            ulong mem = Sys(SyscallNumber.Mmap, 0, 16384, (ulong)(ProtectionFlags.Read | ProtectionFlags.Write),
                            (ulong)(MapFlags.Private | MapFlags.Anonymous), 0, 0);
            SelfTests.Check("services: SYS_MMAP", !SyscallReturn.IsError(mem));
            if (SyscallReturn.IsError(mem)) return;
            mem = SyscallReturn.GetValue(mem);

            string text = "services: hello through SYS_WRITE\n";
            Span<byte> bytes = stackalloc byte[text.Length];
            for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
            bool copied = UserMemory.CopyOut(init.Memory, mem, bytes) == SyscallError.Success;
            ulong written = Sys(SyscallNumber.Write, console.Raw, mem, (ulong)text.Length, 0, 0, 0);
            SelfTests.Check("services: SYS_WRITE to the console", copied && written == SyscallReturn.Ok((ulong)text.Length));

            // The console capability holds Write|Grant|Derive; the child keeps only Write.
            ulong derived = Sys(SyscallNumber.CapabilityDerive, console.Raw, Rights.WriteBit, 0, 0, 0, 0);
            ulong child = SyscallReturn.GetValue(derived);
            bool deriveOk = !SyscallReturn.IsError(derived)
                && Error(Sys(SyscallNumber.CapabilityDerive, console.Raw, Rights.ReadBit, 0, 0, 0, 0)) == SyscallError.PermissionDenied
                && Error(Sys(SyscallNumber.CapabilityValidate, child, Rights.DeriveBit, 0, 0, 0, 0)) == SyscallError.PermissionDenied
                && Error(Sys(SyscallNumber.CapabilityValidate, child, Rights.WriteBit, 0, 0, 0, 0)) == SyscallError.Success
                && Error(Sys(SyscallNumber.CapabilityRevoke, child, 0, 0, 0, 0, 0)) == SyscallError.Success
                && Error(Sys(SyscallNumber.CapabilityValidate, child, Rights.WriteBit, 0, 0, 0, 0)) == SyscallError.InvalidCapability;
            SelfTests.Check("services: capability derive, validate, revoke", deriveOk);

            SelfTests.Check("services: IPC send and receive", IpcRoundTrip(init, mem + 4096));

            ulong clock = Sys(SyscallNumber.ClockGet, (ulong)ClockId.Monotonic, mem + 8192, 0, 0, 0, 0);
            SelfTests.Check("services: SYS_CLOCK_GET and SYS_YIELD",
                !SyscallReturn.IsError(clock) && Error(Sys(SyscallNumber.Yield, 0, 0, 0, 0, 0, 0)) == SyscallError.Success);

            SelfTests.Check("services: unknown syscall is InvalidSyscall",
                Error(Sys((SyscallNumber)999, 0, 0, 0, 0, 0, 0)) == SyscallError.InvalidSyscall);

            // PROT_NONE pages stay mapped (refused to access) and their frames come back on munmap.
            int framesBefore = kernel.Platform.Frames.FreeCount;
            bool noAccess = Error(Sys(SyscallNumber.Mprotect, mem, 16384, (ulong)ProtectionFlags.None, 0, 0, 0)) == SyscallError.Success
                && Error(Sys(SyscallNumber.Write, console.Raw, mem, 4, 0, 0, 0)) == SyscallError.InvalidAddress
                && kernel.Platform.Frames.FreeCount == framesBefore;
            SelfTests.Check("services: SYS_MPROTECT to PROT_NONE refuses access", noAccess);

            bool unmapped = Error(Sys(SyscallNumber.Munmap, mem, 16384, 0, 0, 0, 0)) == SyscallError.Success
                && Error(Sys(SyscallNumber.Write, console.Raw, mem, 4, 0, 0, 0)) == SyscallError.InvalidAddress
                && kernel.Platform.Frames.FreeCount > framesBefore;
            SelfTests.Check("services: SYS_MUNMAP frees the frames, then the pointer is refused", unmapped);
        }

        private static bool IpcRoundTrip(Process init, ulong scratch)
        {
            ulong first = Sys(SyscallNumber.IpcEndpointCreate, scratch, 0, 0, 0, 0, 0);
            ulong second = Sys(SyscallNumber.IpcEndpointCreate, scratch + 64, 0, 0, 0, 0, 0);
            if (SyscallReturn.IsError(first) || SyscallReturn.IsError(second)) return false;
            UserMemory.Read(init.Memory, scratch, out EndpointCreateResult a);
            UserMemory.Read(init.Memory, scratch + 64, out EndpointCreateResult b);

            ulong channel = Sys(SyscallNumber.IpcChannelCreate, a.Endpoint.Raw, b.Endpoint.Raw, a.Capability.Raw, b.Capability.Raw, 0, 0);
            if (SyscallReturn.IsError(channel)) return false;

            Span<byte> ping = stackalloc byte[] { (byte)'p', (byte)'i', (byte)'n', (byte)'g' };
            UserMemory.CopyOut(init.Memory, scratch + 128, ping);
            ulong sent = Sys(SyscallNumber.IpcSend, SyscallReturn.GetValue(channel), scratch + 128, 4, 0, b.Capability.Raw, 0);
            if (SyscallReturn.IsError(sent)) return false;

            ulong received = Sys(SyscallNumber.IpcReceive, a.Endpoint.Raw, scratch + 256, 64, 0, a.Capability.Raw, scratch + 512);
            if (SyscallReturn.IsError(received)) return false;
            UserMemory.Read(init.Memory, scratch + 512, out IpcReceiveResult result);
            Span<byte> got = stackalloc byte[4];
            UserMemory.CopyIn(init.Memory, scratch + 256, got);
            return result.MessageLength == 4 && got[0] == (byte)'p' && got[3] == (byte)'g';
        }

        private static SyscallError Error(ulong raw) => SyscallReturn.GetError(raw);

        private static ulong Sys(SyscallNumber number, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
        {
            var frame = new SyscallFrame((ulong)number, a0, a1, a2, a3, a4, a5);
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
