using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Every syscall that takes a pointer, given a kernel-half address, a non-canonical one,
    /// the null guard page, an unmapped page and (for out pointers) read-only code: each is
    /// InvalidAddress, and the process lives on — the kernel never faults on user pointers.
    /// </summary>
    public static unsafe class PointerTests
    {
        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "exit0") return 0;
            ulong unmapped = UnmappedPage();
            var bad = new ulong[]
            {
                0xFFFF_8000_0000_0000,      // start of the kernel half
                0xFFFF_FFFF_8010_0000,      // the kernel image
                0x0000_8000_0000_0000,      // first non-canonical address
                0x1234_5678_9ABC_D000,      // non-canonical
                0x0000_0000_0000_1000,      // null guard
                unmapped,                   // was mapped, now is not
                Abi.UserEnd - 8,            // straddles the end of the user range
            };
            for (int i = 0; i < bad.Length; i++) Everything(bad[i], false);
            Everything(OwnCode, true);      // this program's code: readable, not writable
            return End();
        }

        /// <summary>The page holding this method's code (each program is linked at its own address, Programs/UserRuntime/link-address.sh).</summary>
        private static ulong OwnCode => (ulong)(delegate*<string[], int>)&Main & ~0xFFFUL;

        private static ulong UnmappedPage()
        {
            SysResult m = Sys.Mmap(0, 4096, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous, Capability.Null, 0);
            ulong a = Ok(m, "mmap a page to unmap");
            Ok(Sys.Munmap(a, 4096), "munmap it");
            return a;
        }

        private static void Bad(SysResult r, string what, ulong p)
        {
            if (r.Error == SyscallError.InvalidAddress) { Check(true, what); return; }
            Fails(r, SyscallError.InvalidAddress, what);
            Console.Write("  pointer ");
            Console.WriteHex(p);
            Console.WriteLine();
        }

        private static void Everything(ulong p, bool readOnly)
        {
            byte* ptr = (byte*)p;
            // Out pointers (written by the kernel): all of them, also for read-only memory.
            Bad(Raw.Call2(SyscallNumber.ClockGet, (ulong)ClockId.Monotonic, p), "clock_get out", p);
            Bad(Raw.Call1(SyscallNumber.IpcEndpointCreate, p), "endpoint_create out", p);
            Bad(Calls.Read(Log, ptr, 16, LogEnd() - 1), "read into", p);

            EndpointCreateResult a, b;
            Calls.IpcEndpointCreate(&a);
            Calls.IpcEndpointCreate(&b);
            ChannelId ch = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability).Value;
            byte one = 1;
            Calls.IpcSend(ch, &one, 1, Capability.Null, a.Capability);
            byte buf;
            IpcReceiveResult rr;
            Bad(Calls.IpcReceive(b.Endpoint, ptr, 1, 0, b.Capability, &rr), "receive into", p);
            Bad(Raw.Call6(SyscallNumber.IpcReceive, b.Endpoint.Raw, (ulong)&buf, 1, 0, b.Capability.Raw, p), "receive result out", p);
            Equal(1, Calls.IpcReceive(b.Endpoint, &buf, 1, 0, b.Capability, &rr).Value, "the message stayed queued");
            IpcCallResult cr;
            var callArgs = new IpcCallArgs(ch, (ulong)&one, 1, (ulong)&buf, 1, 1_000_000, Capability.Null, a.Capability);
            Bad(Raw.Call2(SyscallNumber.IpcCall, (ulong)&callArgs, p), "call result out", p);

            SysResult child = SpawnSelf("exit0", null, null);
            if (child.IsOk)
            {
                Bad(Raw.Call3(SyscallNumber.ProcessWait, child.Value, Abi.WaitForever, p), "process_wait out", p);
                ExpectExit0(new ProcessId(child.Value), "helper exits 0");
            }

            if (!readOnly)
            {
                // In pointers (read by the kernel).
                Bad(Calls.Write(ConsoleCap, ptr, 16, 0), "write from", p);
                Bad(Raw.Call1(SyscallNumber.Nanosleep, p), "nanosleep from", p);
                Bad(Calls.IpcSend(ch, ptr, 16, Capability.Null, a.Capability), "send from", p);
                Bad(new SysResult(Syscall.Syscall2((ulong)SyscallNumber.IpcCall, p, (ulong)&cr)), "call args from", p);
                Bad(Calls.IpcCall(ch, ptr, 16, &buf, 1, 1_000_000, Capability.Null, a.Capability, &cr), "call request from", p);
                Bad(Calls.CreateProcess(ptr, 4096, null, 0, null, 0), "process_create image from", p);
                Bad(Sys.CreateThread(OwnCode, p, 4096, 0).Status, "thread stack at", p);
            }
            Sys.CapabilityRevoke(a.Capability);
            Sys.CapabilityRevoke(b.Capability);
        }

        private static ulong LogEnd()
        {
            byte b;
            ulong low = 0, high = 1UL << 40;
            while (high - low > 1)
            {
                ulong mid = low + (high - low) / 2;
                if (Calls.Read(Log, &b, 0, mid).Error == SyscallError.InvalidParameter) high = mid; else low = mid;
            }
            return low;
        }
    }
}
