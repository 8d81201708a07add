using Veridian.Syscalls;
using Veridian.UserLib;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Every syscall of the specification from ring 3, within one process: a normal use and
    /// the error codes docs/abi.md gives for wrong arguments. (Calls that need a second
    /// process are exercised by test-ipc, test-caps, test-threads and test-time.)
    /// </summary>
    public static unsafe class SyscallTests
    {
        private const ProtectionFlags RW = ProtectionFlags.Read | ProtectionFlags.Write;
        private const MapFlags Anon = MapFlags.Private | MapFlags.Anonymous;

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "exit7") return 7;     // the helper Processes() starts and waits for
            if (Role == "sleep")                // the helper Processes() kills
            {
                Sys.Nanosleep(new Timespec(30, 0));
                return 0;
            }
            InvalidNumber();
            ReadWrite();
            Memory();
            Ipc();
            Processes();
            Kill();
            Threads();
            Capabilities();
            Time();
            return End();
        }

        private static void InvalidNumber()
        {
            Fails(new SysResult(Syscall.Syscall0(999)), SyscallError.InvalidSyscall, "syscall 999");
            Fails(new SysResult(Syscall.Syscall0(0)), SyscallError.InvalidSyscall, "syscall 0");
            Fails(new SysResult(Syscall.Syscall0(1UL << 40)), SyscallError.InvalidSyscall, "syscall 2^40");
        }

        private static void ReadWrite()
        {
            byte* text = stackalloc byte[6];
            text[0] = (byte)'w'; text[1] = (byte)'r'; text[2] = (byte)'i'; text[3] = (byte)'t'; text[4] = (byte)'e'; text[5] = (byte)'\n';
            Equal(6, Ok(Calls.Write(ConsoleCap, text, 6, 0), "write console"), "write console count");
            Equal(0, Ok(Calls.Write(ConsoleCap, null, 0, 0), "write console 0 bytes"), "write 0 count");
            Fails(Calls.Write(new Capability(0x1234), text, 6, 0), SyscallError.InvalidCapability, "write forged capability");
            Fails(Calls.Write(Capability.Null, text, 6, 0), SyscallError.InvalidCapability, "write null capability");
            Fails(Calls.Write(Log, text, 6, 0), SyscallError.NotSupported, "write log");
            // Console input blocks until a key arrives (docs/abi.md section 12), so only the
            // paths that answer at once: a zero count, a non-zero offset, no Read right.
            Equal(0, Ok(Calls.Read(ConsoleCap, text, 0, 0), "read console, 0 bytes"), "read console 0 count");
            Fails(Calls.Read(ConsoleCap, text, 6, 1), SyscallError.InvalidParameter, "read console at an offset");
            Capability writeOnly = new Capability(Ok(Sys.CapabilityDerive(ConsoleCap, Rights.Write), "derive a write-only console"));
            Fails(Calls.Read(writeOnly, text, 6, 0), SyscallError.PermissionDenied, "read console without Read");

            // The log holds what the console printed. Find its end (offsets are absolute; the
            // 16 KiB ring may have dropped the start): the largest offset that is not past the end.
            byte* buffer = stackalloc byte[64];
            ulong low = 0, high = 1UL << 40;
            while (high - low > 1)
            {
                ulong mid = low + (high - low) / 2;
                if (Calls.Read(Log, buffer, 0, mid).Error == SyscallError.InvalidParameter) high = mid; else low = mid;
            }
            ulong end = low;
            Check(end >= 6, "the log has the bytes just written");
            Equal(0, Ok(Calls.Read(Log, buffer, 64, end), "read log at its end"), "read at the end returns 0");
            Fails(Calls.Read(Log, buffer, 64, end + 1), SyscallError.InvalidParameter, "read log past the end");
            if (end >= 6)
            {
                Equal(6, Ok(Calls.Read(Log, buffer, 6, end - 6), "read the log's last bytes"), "log read count");
                Check(buffer[0] == (byte)'w' && buffer[5] == (byte)'\n', "the log ends with what this test wrote");
            }

            // Memory objects: write then read back through SYS_READ/SYS_WRITE.
            Capability m = new Capability(Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096),
                new Rights(Rights.ReadBit | Rights.WriteBit), Resource), "create memory for read/write"));
            buffer[0] = 42;
            Equal(1, Ok(Calls.Write(m, buffer, 1, 100), "write memory object"), "write memory count");
            buffer[0] = 0;
            Equal(1, Ok(Calls.Read(m, buffer, 1, 100), "read memory object"), "read memory count");
            Equal(42, buffer[0], "memory object byte");
            Equal(0, Ok(Calls.Read(m, buffer, 16, 4096), "read memory at its end"), "read at end count");
            Fails(Calls.Read(m, buffer, 1, 8192), SyscallError.InvalidParameter, "read memory past its end");
            Capability readOnly = new Capability(Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, Resource), "create read-only memory"));
            Fails(Calls.Write(readOnly, buffer, 1, 0), SyscallError.PermissionDenied, "write without Write right");
            Ok(Sys.CapabilityRevoke(m), "revoke memory object");
            Ok(Sys.CapabilityRevoke(readOnly), "revoke read-only memory object");
        }

        private static void Memory()
        {
            SysResult map = Sys.Mmap(0, 8192, RW, Anon, Capability.Null, 0);
            ulong a = Ok(map, "mmap anonymous");
            if (map.IsOk)
            {
                Check(a % 4096 == 0 && a >= Abi.UserBase && a < Abi.UserEnd, "mmap address in user range, aligned");
                *(ulong*)a = 7;
                *(ulong*)(a + 4096) = 8;
                Equal(15, *(ulong*)a + *(ulong*)(a + 4096), "anonymous memory holds values");
                Fails(Sys.Mprotect(a, 4096, RW | ProtectionFlags.Exec), SyscallError.PermissionDenied, "mprotect writable and executable (W^X)");
                Ok(Sys.Mprotect(a, 4096, ProtectionFlags.Read), "mprotect read-only");
                Equal(7, *(ulong*)a, "read after mprotect");
                Fails(Sys.Mmap(a, 4096, RW, Anon | MapFlags.Fixed, Capability.Null, 0), SyscallError.AlreadyExists, "mmap fixed over a mapping");
                Ok(Sys.Munmap(a, 8192), "munmap");
                Fails(Sys.Mprotect(a, 4096, ProtectionFlags.Read), SyscallError.InvalidAddress, "mprotect unmapped");
            }
            Fails(Sys.Mmap(0, 4096, RW | ProtectionFlags.Exec, Anon, Capability.Null, 0), SyscallError.PermissionDenied, "mmap writable and executable (W^X)");
            Fails(Sys.Mmap(0, 0, RW, Anon, Capability.Null, 0), SyscallError.InvalidParameter, "mmap length 0");
            Fails(Sys.Mmap(0, 4096, RW, MapFlags.Anonymous, Capability.Null, 0), SyscallError.InvalidParameter, "mmap neither private nor shared");
            Fails(Sys.Mmap(0, 4096, RW, MapFlags.Private | MapFlags.Shared | MapFlags.Anonymous, Capability.Null, 0), SyscallError.InvalidParameter, "mmap private and shared");
            Fails(Sys.Mmap(0, 4096, (ProtectionFlags)8, Anon, Capability.Null, 0), SyscallError.InvalidParameter, "mmap unknown prot bit");
            Fails(Sys.Mmap(0, 4096, RW, Anon | (MapFlags)64, Capability.Null, 0), SyscallError.InvalidParameter, "mmap unknown flag bit");
            Fails(Sys.Mmap(0x10000123, 4096, RW, Anon | MapFlags.Fixed, Capability.Null, 0), SyscallError.InvalidParameter, "mmap unaligned address");
            Fails(Sys.Mmap(0, 4096, RW, Anon, Capability.Null, 4096), SyscallError.InvalidParameter, "mmap anonymous with offset");
            Fails(Sys.Mmap(0xFFFF_8000_0000_0000, 4096, RW, Anon | MapFlags.Fixed, Capability.Null, 0), SyscallError.InvalidAddress, "mmap fixed in the kernel half");
            Fails(Sys.Mmap(0, 4096, RW, MapFlags.Shared, Capability.Null, 0), SyscallError.InvalidCapability, "mmap shared without capability");
            Fails(Sys.Mmap(0, 4096, RW, MapFlags.Shared | MapFlags.Anonymous, Capability.Null, 0), SyscallError.NotSupported, "mmap shared anonymous");
            Fails(Sys.Munmap(0x10000123, 4096), SyscallError.InvalidParameter, "munmap unaligned");
            Fails(Sys.Munmap(0x10000000, 0), SyscallError.InvalidParameter, "munmap length 0");
            Fails(Sys.Munmap(0xFFFF_8000_0000_0000, 4096), SyscallError.InvalidAddress, "munmap kernel half");
            Fails(Sys.Mprotect(0x10000000, 4096, (ProtectionFlags)8), SyscallError.InvalidParameter, "mprotect unknown bit");
            Fails(new SysResult(Syscall.Syscall6((ulong)SyscallNumber.Mmap, 0, 4096, 1UL << 32 | 3, (ulong)Anon, 0, 0)),
                SyscallError.InvalidParameter, "mmap prot above 32 bits");

            // Shared mapping of a memory object, within its rights.
            Capability m = new Capability(Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(8192), Rights.Read, Resource), "create memory"));
            SysResult shared = Sys.Mmap(0, 8192, ProtectionFlags.Read, MapFlags.Shared, m, 0);
            Ok(shared, "mmap shared read");
            Fails(Sys.Mmap(0, 4096, RW, MapFlags.Shared, m, 0), SyscallError.PermissionDenied, "mmap shared write without Write");
            Fails(Sys.Mmap(0, 8192, ProtectionFlags.Read, MapFlags.Shared, m, 4096), SyscallError.InvalidParameter, "mmap past the object");
            if (shared.IsOk)
            {
                Equal(0, *(byte*)shared.Value, "memory object starts zeroed");
                Fails(Sys.Mprotect(shared.Value, 4096, RW), SyscallError.PermissionDenied, "mprotect beyond a shared mapping's rights");
                Ok(Sys.Munmap(shared.Value, 8192), "munmap shared");
            }
            Ok(Sys.CapabilityRevoke(m), "revoke memory");
        }

        private static void Ipc()
        {
            EndpointCreateResult a, b;
            Ok(Calls.IpcEndpointCreate(&a), "endpoint create a");
            Ok(Calls.IpcEndpointCreate(&b), "endpoint create b");
            Fails(Raw.Call1(SyscallNumber.IpcEndpointCreate, 0), SyscallError.InvalidAddress, "endpoint create null out");
            SysResult<ChannelId> ch = Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability);
            ChannelId channel = new ChannelId(Ok(ch, "channel create"));
            Fails(Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, b.Capability), SyscallError.AlreadyExists, "channel twice");
            Fails(Sys.IpcChannelCreate(a.Endpoint, a.Endpoint, a.Capability, a.Capability), SyscallError.InvalidParameter, "channel to itself");
            Fails(Sys.IpcChannelCreate(a.Endpoint, b.Endpoint, a.Capability, a.Capability), SyscallError.PermissionDenied, "channel with the wrong capability");

            byte* msg = stackalloc byte[16];
            for (int i = 0; i < 16; i++) msg[i] = (byte)(i + 1);
            byte* buf = stackalloc byte[16];
            IpcReceiveResult rr;
            Fails(Calls.IpcReceive(b.Endpoint, buf, 16, 0, b.Capability, &rr), SyscallError.Timeout, "receive on an empty endpoint, no wait");
            Ok(Calls.IpcSend(channel, msg, 16, Capability.Null, a.Capability), "send a -> b");
            Fails(Calls.IpcReceive(b.Endpoint, buf, 8, 0, b.Capability, &rr), SyscallError.BufferTooSmall, "receive into a small buffer");
            Equal(16, rr.MessageLength, "BufferTooSmall reports the size");
            Equal(16, Ok(Calls.IpcReceive(b.Endpoint, buf, 16, 0, b.Capability, &rr), "receive"), "received length");
            Equal(16, buf[15], "received bytes");
            Check(rr.ReplyToken.IsNone && rr.Capability.IsNull, "a send carries no reply token or capability");
            Fails(Calls.IpcReceive(b.Endpoint, buf, 16, 0, a.Capability, &rr), SyscallError.PermissionDenied, "receive with another endpoint's capability");
            Fails(Calls.IpcSend(channel, msg, 4097, Capability.Null, a.Capability), SyscallError.InvalidParameter, "send more than 4 KiB");
            Fails(Calls.IpcSend(new ChannelId(0x77), msg, 16, Capability.Null, a.Capability), SyscallError.NotFound, "send on a forged channel");

            // A message carrying a capability, received as a new token.
            Ok(Calls.IpcSend(channel, msg, 1, a.Capability, b.Capability), "send b -> a with a capability");
            Ok(Calls.IpcReceive(a.Endpoint, buf, 16, 0, a.Capability, &rr), "receive with a capability");
            Check(!rr.Capability.IsNull, "the capability arrived");
            if (!rr.Capability.IsNull) Ok(Sys.CapabilityValidate(rr.Capability, Rights.Read), "the received capability is valid");

            // Call and reply within one process: with timeout 0 the call is refused.
            IpcCallResult cr;
            Fails(Calls.IpcCall(channel, msg, 4, buf, 16, 0, Capability.Null, a.Capability, &cr), SyscallError.InvalidParameter, "call with timeout 0");
            Fails(Calls.IpcReply(new ReplyToken(0x1234), msg, 4, Capability.Null), SyscallError.NotFound, "reply with a forged token");
            // A call that nobody answers times out.
            Fails(Calls.IpcCall(channel, msg, 4, buf, 16, 1_000_000, Capability.Null, a.Capability, &cr), SyscallError.Timeout, "call nobody answers");
        }

        private static void Processes()
        {
            byte* junk = stackalloc byte[128];
            for (int i = 0; i < 128; i++) junk[i] = 0;
            Fails(Calls.CreateProcess(junk, 128, null, 0, null, 0), SyscallError.InvalidParameter, "process create from a non-ELF");
            Fails(Calls.CreateProcess(junk, 16, null, 0, null, 0), SyscallError.InvalidParameter, "process create, image too small");
            Fails(Calls.CreateProcess(junk, 128, null, Abi.MaxArgs + 1, null, 0), SyscallError.InvalidParameter, "process create, too many args");
            Fails(Calls.CreateProcess(junk, 128, null, 0, null, Abi.MaxGrantedCapabilities + 1), SyscallError.InvalidParameter, "process create, too many capabilities");
            Fails(Calls.CreateProcess((byte*)0xFFFF_8000_0000_0000, 128, null, 0, null, 0), SyscallError.InvalidAddress, "process create, image in the kernel half");
            Capability forged = new Capability(0x7777);
            Fails(Calls.CreateProcess(junk, 128, null, 0, &forged, 1), SyscallError.InvalidCapability, "process create, granting a forged capability");
            Capability noGrant = new Capability(Ok(Sys.CapabilityDerive(ConsoleCap, Rights.Write), "derive the console without Grant"));
            Fails(Calls.CreateProcess(junk, 128, null, 0, &noGrant, 1), SyscallError.PermissionDenied, "process create, granting without Grant");
            var tooLong = new UserString((ulong)junk, Abi.MaxArgBytes + 1);
            Fails(Calls.CreateProcess(junk, 128, &tooLong, 1, null, 0), SyscallError.InvalidParameter, "process create, args over 4096 bytes");
            Fails(Sys.StartProcess(new ProcessId(0x4242)), SyscallError.NotFound, "start a forged process id");
            ProcessExitInfo info;
            Fails(Calls.WaitProcess(new ProcessId(0x4242), 0, &info), SyscallError.NotFound, "wait for a forged process id");

            // A real child: this image with the role "exit7".
            SysResult child = SpawnSelf("exit7", null, null);
            ProcessId pid = new ProcessId(Ok(child, "spawn a child"));
            if (child.IsOk)
            {
                Fails(Sys.StartProcess(pid), SyscallError.Busy, "start twice");
                Ok(Calls.WaitProcess(pid, Abi.WaitForever, &info), "wait for the child");
                Check(info.Reason == ExitReason.Exited, "child exited");
                Equal(7, (ulong)info.ExitCode, "child's exit code");
                Fails(Calls.WaitProcess(pid, 0, &info), SyscallError.NotFound, "wait after reaping");
            }
        }

        // The first extension beyond the specification: SYS_PROCESS_KILL (docs/abi.md section 12).
        private static void Kill()
        {
            Fails(Sys.KillProcess(new ProcessId(0x4242)), SyscallError.NotFound, "kill a forged process id");
            SysResult child = SpawnSelf("sleep", null, null);
            if (Ok(child, "spawn a child to kill") == 0) return;
            ProcessId pid = new ProcessId(child.Value);
            Ok(Sys.KillProcess(pid), "kill the child");
            SysResult<ProcessExitInfo> info = Sys.WaitProcess(pid, 10UL * 1_000_000_000);
            Ok(info, "wait for the killed child");
            Check(info.Value.Reason == ExitReason.Killed && info.Value.ExitCode == -1, "the child ended Killed with -1");
        }

        private static void Threads()
        {
            Fails(Sys.CreateThread(0x400000, 0x10000000, 0, 0), SyscallError.InvalidParameter, "thread with stack size 0");
            Fails(Sys.CreateThread(0xFFFF_8000_0000_0000, 0x10000000, 4096, 0), SyscallError.InvalidAddress, "thread entry in the kernel half");
            Fails(Sys.JoinThread(new ThreadId(0x4242), 0), SyscallError.NotFound, "join a forged thread id");
            SysResult t = UserRuntime.Threads.Start(&ReturnArgument, 5, UserRuntime.Threads.DefaultStackSize, out UserRuntime.UserThread thread);
            Ok(t, "thread create");
            if (t.IsOk)
            {
                Equal(5, Ok(UserRuntime.Threads.Join(ref thread, Abi.WaitForever), "thread join"), "thread exit code");
                Fails(Sys.JoinThread(thread.Id, 0), SyscallError.NotFound, "join twice");
            }
        }

        private static int ReturnArgument(ulong argument) => (int)argument;

        private static void Capabilities()
        {
            Fails(Sys.CapabilityCreate(ObjectType.Console, new ObjectId(0), Rights.Read, Resource), SyscallError.NotSupported, "create a console");
            Fails(Sys.CapabilityCreate((ObjectType)99, new ObjectId(0), Rights.Read, Resource), SyscallError.InvalidParameter, "create an unknown type");
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(0), Rights.Read, Resource), SyscallError.InvalidParameter, "create memory of size 0");
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, ConsoleCap), SyscallError.InvalidCapability, "create under a non-resource");
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), new Rights(1u << 7), Resource), SyscallError.InvalidParameter, "create with an unknown right");
            SysResult<Capability> ep = Sys.CapabilityCreate(ObjectType.Endpoint, new ObjectId(0), Rights.All.Without(Rights.Create).Without(Rights.Execute), Resource);
            Ok(ep, "create an endpoint capability");
            Fails(Sys.CapabilityCreate(ObjectType.Endpoint, new ObjectId(1), Rights.Read, Resource), SyscallError.InvalidParameter, "create an endpoint with an object id");
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(65UL * 1024 * 1024), Rights.Read, Resource), SyscallError.InvalidParameter, "create memory over 64 MiB");
            Fails(new SysResult(Syscall.Syscall4((ulong)SyscallNumber.CapabilityCreate, (ulong)ObjectType.Memory, 4096, 1UL << 40, Resource.Raw)),
                SyscallError.InvalidParameter, "create with rights above 32 bits");
            Capability noCreate = new Capability(Ok(Sys.CapabilityDerive(Resource, new Rights(Rights.ReadBit | Rights.DeriveBit)), "derive a resource without Create"));
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, noCreate), SyscallError.PermissionDenied, "create without the Create right");
            Capability readCreate = new Capability(Ok(Sys.CapabilityDerive(Resource, new Rights(Rights.ReadBit | Rights.CreateBit)), "derive a Read|Create resource"));
            Fails(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Write, readCreate), SyscallError.PermissionDenied, "create with rights the resource lacks");
            Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.Read, readCreate), "create through a derived resource");
            Ok(Sys.CapabilityRevoke(readCreate), "revoke a derived resource");

            Capability m = new Capability(Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096),
                new Rights(Rights.ReadBit | Rights.WriteBit | Rights.DeriveBit), Resource), "create memory"));
            Ok(Sys.CapabilityValidate(m, Rights.Read), "validate Read");
            Fails(Sys.CapabilityValidate(m, Rights.Grant), SyscallError.PermissionDenied, "validate a missing right");
            Fails(Sys.CapabilityValidate(new Capability(0x5555), Rights.Read), SyscallError.InvalidCapability, "validate a forged token");
            Capability child = new Capability(Ok(Sys.CapabilityDerive(m, Rights.Read), "derive Read"));
            Ok(Sys.CapabilityValidate(child, Rights.Read), "derived capability is valid");
            Fails(Sys.CapabilityValidate(child, Rights.Write), SyscallError.PermissionDenied, "derived capability lacks Write");
            Fails(Sys.CapabilityDerive(child, new Rights(Rights.ReadBit | Rights.WriteBit)), SyscallError.PermissionDenied, "derive from a capability without Derive");
            Fails(Sys.CapabilityDerive(m, Rights.Grant), SyscallError.PermissionDenied, "derive more rights than the parent");
            Ok(Sys.CapabilityRevoke(m), "revoke the parent");
            Fails(Sys.CapabilityValidate(m, Rights.Read), SyscallError.InvalidCapability, "revoked capability is gone");
            Fails(Sys.CapabilityValidate(child, Rights.Read), SyscallError.InvalidCapability, "revoke took the derived one too");
            Fails(Sys.CapabilityRevoke(m), SyscallError.InvalidCapability, "revoke twice");
        }

        private static void Time()
        {
            Timespec t0, t1, rt;
            Ok(Calls.ClockGet(ClockId.Monotonic, &t0), "clock monotonic");
            Ok(Calls.ClockGet(ClockId.Realtime, &rt), "clock realtime");
            Ok(Calls.ClockGet(ClockId.Monotonic, &t1), "clock monotonic again");
            Check(t1.ToNanosecondsSaturating() >= t0.ToNanosecondsSaturating(), "monotonic does not go back");
            // Realtime = monotonic + the epoch offset read from the RTC at boot (docs/abi.md section 8).
            Check(rt.Seconds > 1_600_000_000, "realtime is after 2020 (from the RTC)");
            Fails(Calls.ClockGet((ClockId)2, &t0), SyscallError.InvalidParameter, "unknown clock");
            Timespec zero = new Timespec(0, 0);
            Ok(Sys.Nanosleep(zero), "nanosleep 0");
            Timespec bad = new Timespec(0, 1_000_000_000);
            Fails(Sys.Nanosleep(bad), SyscallError.InvalidParameter, "nanosleep with 1e9 ns");
            Timespec negative = new Timespec(-1, 0);
            Fails(Sys.Nanosleep(negative), SyscallError.InvalidParameter, "nanosleep negative");
            Timespec ms = new Timespec(0, 1_000_000);
            Ok(Sys.Nanosleep(ms), "nanosleep 1 ms");
            Ok(Sys.Yield(), "yield");
        }
    }
}
