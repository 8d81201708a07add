using System;
using System.Text;
using Veridian.Kernel.Dispatch;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Veridian.UserLib;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>UserLib's generated wrappers against the real dispatcher: I/O and memory.</summary>
    public class UserLibIoAndMemoryTests
    {
        private readonly TestKernel tk = new TestKernel();

        public UserLibIoAndMemoryTests() => tk.User(tk.InitThread);

        private const ProtectionFlags RW = ProtectionFlags.Read | ProtectionFlags.Write;
        private const MapFlags Anon = MapFlags.Private | MapFlags.Anonymous;

        [Fact]
        public void Write_to_the_console_and_read_it_back_from_the_log()
        {
            byte[] hello = Encoding.ASCII.GetBytes("hello from UserLib\n");
            SysResult w = Sys.Write(tk.ConsoleCap, hello, 0);
            Assert.True(w.IsOk);
            Assert.Equal((ulong)hello.Length, w.Value);
            Assert.Equal("hello from UserLib\n", tk.Platform.ConsoleText);

            var buffer = new byte[64];
            SysResult r = Sys.Read(tk.LogCap, buffer, 6);
            Assert.Equal(SyscallError.Success, r.Error);
            Assert.Equal((ulong)hello.Length - 6, r.Value);
            Assert.Equal("from UserLib\n", Encoding.ASCII.GetString(buffer, 0, (int)r.Value));
        }

        [Fact]
        public void Io_errors_come_back_as_values()
        {
            var buffer = new byte[4];
            Assert.Equal(SyscallError.InvalidParameter, Sys.Read(tk.ConsoleCap, buffer, 1).Error);   // a stream: offset 0 only
            Assert.Equal(SyscallError.NotSupported, Sys.Write(tk.LogCap, buffer, 0).Error);
            Assert.Equal(SyscallError.NotSupported, Sys.Write(tk.LogCap, buffer, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Write(tk.ConsoleCap, buffer, 3).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.Write(Capability.Null, buffer, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Read(tk.LogCap, buffer, 1000).Error);
            SysResult failed = Sys.Read(Capability.Null, buffer, 0);
            Assert.False(failed.IsOk);
            Assert.Equal(0UL, failed.Value);
            Assert.Equal(SyscallReturn.Error(SyscallError.InvalidCapability), failed.Raw);
            Assert.True(Sys.Write(tk.ConsoleCap, ReadOnlySpan<byte>.Empty, 0).IsOk);
        }

        [Fact]
        public void Memory_objects_through_create_write_read()
        {
            SysResult<Capability> mem = Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(8192), Rights.All, tk.RootResource);
            Assert.True(mem.IsOk);
            Assert.Equal(ObjectType.Memory, mem.Value.Type);
            byte[] data = Encoding.ASCII.GetBytes("across the page boundary");
            Assert.Equal((ulong)data.Length, Sys.Write(mem.Value, data, 4090).Value);
            var back = new byte[data.Length];
            Assert.Equal((ulong)data.Length, Sys.Read(mem.Value, back, 4090).Value);
            Assert.Equal(data, back);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Read(mem.Value, back, 8193).Error);
        }

        [Fact]
        public void Mmap_mprotect_munmap()
        {
            SysResult m = Sys.Mmap(0, 8192, RW, Anon, Capability.Null, 0);
            Assert.True(m.IsOk);
            ulong addr = m.Value;
            Assert.True(addr >= Abi.UserBase && addr < Abi.UserEnd && addr % Abi.PageSize == 0);
            Assert.True(tk.Init.Memory.IsMappedWith(addr, addr + 8192, ProtectionFlags.Write));

            Assert.True(Sys.Mprotect(addr, 4096, ProtectionFlags.Read).IsOk);
            Assert.False(tk.Init.Memory.IsMappedWith(addr, addr + 4096, ProtectionFlags.Write));
            Assert.True(Sys.Munmap(addr, 8192).IsOk);
            Assert.Equal(SyscallError.InvalidAddress, Sys.Mprotect(addr, 4096, ProtectionFlags.Read).Error);

            SysResult fixedMap = Sys.Mmap(addr, 4096, RW, Anon | MapFlags.Fixed, Capability.Null, 0);
            Assert.Equal(addr, fixedMap.Value);
            Assert.Equal(SyscallError.AlreadyExists, Sys.Mmap(addr, 4096, RW, Anon | MapFlags.Fixed, Capability.Null, 0).Error);
        }

        [Fact]
        public void Memory_errors()
        {
            Assert.Equal(SyscallError.InvalidParameter, Sys.Mmap(0, 0, RW, Anon, Capability.Null, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Mmap(0, 4096, RW, MapFlags.Private | MapFlags.Shared | MapFlags.Anonymous, Capability.Null, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Mmap(0, 4096, (ProtectionFlags)8, Anon, Capability.Null, 0).Error);
            Assert.Equal(SyscallError.NotSupported, Sys.Mmap(0, 4096, RW, MapFlags.Shared | MapFlags.Anonymous, Capability.Null, 0).Error);
            Assert.Equal(SyscallError.InvalidCapability, Sys.Mmap(0, 4096, RW, MapFlags.Shared, Capability.Null, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Munmap(0x10001, 4096).Error);
            Assert.Equal(SyscallError.InvalidAddress, Sys.Munmap(Abi.UserEnd, 4096).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Mprotect(0x10000, 4096, (ProtectionFlags)0x100).Error);
        }

        [Fact]
        public void Shared_mappings_of_a_memory_object_respect_its_rights()
        {
            Capability mem = Sys.CapabilityCreate(ObjectType.Memory, new ObjectId(4096), Rights.All, tk.RootResource).Value;
            Capability readOnly = Sys.CapabilityDerive(mem, Rights.Read).Value;
            Assert.True(Sys.Mmap(0, 4096, ProtectionFlags.Read, MapFlags.Shared, readOnly, 0).IsOk);
            Assert.Equal(SyscallError.PermissionDenied, Sys.Mmap(0, 4096, RW, MapFlags.Shared, readOnly, 0).Error);
            Assert.Equal(SyscallError.InvalidParameter, Sys.Mmap(0, 8192, ProtectionFlags.Read, MapFlags.Shared, mem, 0).Error);
        }
    }
}
