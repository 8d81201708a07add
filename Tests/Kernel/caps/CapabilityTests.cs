using Veridian.Syscalls;
using Veridian.UserLib;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Capabilities between processes. The parent makes a memory object, writes a marker into
    /// it and sends a derived Read|Write|Grant capability to a helper in a message; the helper
    /// maps it, checks the marker and writes an answer the parent then sees in its own mapping.
    /// Then the parent revokes what it derived and the helper sees its copy gone
    /// (InvalidCapability); a capability granted at process creation is revocable the same way.
    /// Protocol bytes: 1 = "here is the memory", 2 = "check again", 3 = "check the grant";
    /// the helper answers 101/102/103 on success, 0xEE on failure.
    /// </summary>
    public static unsafe class CapabilityTests
    {
        private const ulong Marker = 0x5EED_CAFE_0000_0001;
        private const ulong Answer = 0x5EED_CAFE_0000_0002;

        public static int Main(string[] args)
        {
            Begin(args);
            if (Role == "holder") return Holder();
            Parent();
            return End();
        }

        private static void Parent()
        {
            Link link = Link.Create();
            Capability memory = new Capability(Ok(Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096),
                new Rights(Rights.ReadBit | Rights.WriteBit | Rights.GrantBit | Rights.DeriveBit), Resource), "create memory"));
            SysResult map = Sys.Mmap(0, 4096, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Shared, memory, 0);
            if (Ok(map, "map the memory object") == 0) return;
            var shared = (ulong*)map.Value;
            shared[0] = Marker;

            Capability sent = new Capability(Ok(Sys.CapabilityDerive(memory,
                new Rights(Rights.ReadBit | Rights.WriteBit | Rights.GrantBit)), "derive the capability to send"));
            // Granted at creation: a derived endpoint capability the helper only validates.
            Capability granted = new Capability(Ok(Sys.CapabilityDerive(link.HereCap,
                new Rights(Rights.ReadBit | Rights.GrantBit)), "derive the capability to grant"));

            SysResult spawned = SpawnSelf("holder", link.HelperArgs(), new[] { link.ThereCap, granted });
            ProcessId holder = new ProcessId(Ok(spawned, "start the holder"));
            if (!spawned.IsOk) return;

            Ok(link.SendByte(1, sent), "send the memory capability");
            Equal(101, link.ReceiveByte(out _), "holder mapped the memory and saw the marker");
            Equal(Answer, shared[1], "parent sees the holder's write through its own mapping");

            Ok(Sys.CapabilityRevoke(sent), "revoke the sent capability");
            Ok(Sys.CapabilityValidate(memory, Rights.Read), "the parent's own capability survives");
            Ok(link.SendByte(2, Capability.Null), "ask the holder to check again");
            Equal(102, link.ReceiveByte(out _), "holder sees its copy revoked");

            Ok(Sys.CapabilityRevoke(granted), "revoke the granted capability");
            Ok(link.SendByte(3, Capability.Null), "ask the holder to check the grant");
            Equal(103, link.ReceiveByte(out _), "holder sees its granted capability revoked");

            ExpectExit0(holder, "the holder exits 0");
        }

        private static int Holder()
        {
            Link link = Link.InHelper();
            Capability granted = UserRuntime.Process.GrantedCapability(3);
            if (!Sys.CapabilityValidate(granted, Rights.Read).IsOk) return 30;

            IpcReceiveResult rr;
            if (link.ReceiveByte(out rr) != 1 || rr.Capability.IsNull) return 31;
            Capability memory = rr.Capability;
            bool ok = Sys.CapabilityValidate(memory, new Rights(Rights.ReadBit | Rights.WriteBit | Rights.GrantBit)).IsOk
                      && Sys.CapabilityValidate(memory, Rights.Derive).Error == SyscallError.PermissionDenied;
            SysResult map = Sys.Mmap(0, 4096, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Shared, memory, 0);
            if (ok && map.IsOk && ((ulong*)map.Value)[0] == Marker)
                ((ulong*)map.Value)[1] = Answer;
            else ok = false;
            link.SendByte(ok ? (byte)101 : (byte)0xEE, Capability.Null);

            if (link.ReceiveByte(out rr) != 2) return 32;
            ok = Sys.CapabilityValidate(memory, Rights.Read).Error == SyscallError.InvalidCapability
                 && Sys.Mmap(0, 4096, ProtectionFlags.Read, MapFlags.Shared, memory, 0).Error == SyscallError.InvalidCapability;
            link.SendByte(ok ? (byte)102 : (byte)0xEE, Capability.Null);

            if (link.ReceiveByte(out rr) != 3) return 33;
            ok = Sys.CapabilityValidate(granted, Rights.Read).Error == SyscallError.InvalidCapability;
            link.SendByte(ok ? (byte)103 : (byte)0xEE, Capability.Null);
            return 0;
        }
    }
}
