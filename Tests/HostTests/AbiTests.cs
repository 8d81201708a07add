using System;
using System.Linq;
using System.Runtime.InteropServices;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests
{
    public class AbiTests
    {
        [Theory]
        [InlineData(SyscallNumber.Exit, 1)]
        [InlineData(SyscallNumber.Read, 2)]
        [InlineData(SyscallNumber.Write, 3)]
        [InlineData(SyscallNumber.Mmap, 4)]
        [InlineData(SyscallNumber.Munmap, 5)]
        [InlineData(SyscallNumber.Mprotect, 6)]
        [InlineData(SyscallNumber.IpcEndpointCreate, 10)]
        [InlineData(SyscallNumber.IpcChannelCreate, 11)]
        [InlineData(SyscallNumber.IpcSend, 12)]
        [InlineData(SyscallNumber.IpcReceive, 13)]
        [InlineData(SyscallNumber.IpcCall, 14)]
        [InlineData(SyscallNumber.IpcReply, 15)]
        [InlineData(SyscallNumber.ProcessCreate, 20)]
        [InlineData(SyscallNumber.ProcessStart, 21)]
        [InlineData(SyscallNumber.ProcessWait, 22)]
        [InlineData(SyscallNumber.ThreadCreate, 25)]
        [InlineData(SyscallNumber.ThreadExit, 26)]
        [InlineData(SyscallNumber.ThreadJoin, 27)]
        [InlineData(SyscallNumber.CapabilityCreate, 30)]
        [InlineData(SyscallNumber.CapabilityDerive, 31)]
        [InlineData(SyscallNumber.CapabilityRevoke, 32)]
        [InlineData(SyscallNumber.CapabilityValidate, 33)]
        [InlineData(SyscallNumber.ClockGet, 40)]
        [InlineData(SyscallNumber.Nanosleep, 41)]
        [InlineData(SyscallNumber.Yield, 42)]
        public void Syscall_numbers_match_the_spec(SyscallNumber n, ulong expected)
        {
            Assert.Equal(expected, (ulong)n);
        }

        [Theory]
        [InlineData(SyscallNumber.ProcessKill, 100)]
        [InlineData(SyscallNumber.FutexWait, 101)]
        [InlineData(SyscallNumber.FutexWake, 102)]
        [InlineData(SyscallNumber.ThreadSetTls, 103)]
        [InlineData(SyscallNumber.ExceptionHandlerSet, 104)]
        [InlineData(SyscallNumber.ExceptionReturn, 105)]
        [InlineData(SyscallNumber.ConsoleForeground, 106)]
        [InlineData(SyscallNumber.ThreadSuspend, 107)]
        [InlineData(SyscallNumber.ThreadResume, 108)]
        public void Extension_numbers_are_fixed(SyscallNumber n, ulong expected)
        {
            Assert.Equal(expected, (ulong)n);
        }

        [Fact]
        public void There_are_exactly_25_spec_syscalls_and_extensions_start_at_100()
        {
            Assert.Equal(25, Enum.GetValues<SyscallNumber>().Count(n => (ulong)n < Abi.FirstExtensionSyscall));
            Assert.All(Enum.GetValues<SyscallNumber>().Where(n => (ulong)n >= Abi.FirstExtensionSyscall), n => Assert.True((ulong)n >= 100));
        }

        [Fact]
        public void Error_codes_match_the_spec()
        {
            string[] names =
            {
                "Success", "InvalidParameter", "PermissionDenied", "NotFound", "AlreadyExists", "OutOfMemory", "Busy",
                "Timeout", "ResourceExhausted", "InvalidCapability", "Interrupted", "InvalidAddress", "BufferTooSmall",
                "NotSupported", "InvalidSyscall",
            };
            for (uint i = 0; i < names.Length; i++)
                Assert.Equal(names[i], ((SyscallError)i).ToString());
            Assert.Equal(15, Enum.GetValues<SyscallError>().Length);
        }

        [Fact]
        public void Flag_values_match_the_spec()
        {
            Assert.Equal(0u, (uint)ProtectionFlags.None);
            Assert.Equal(1u, (uint)ProtectionFlags.Read);
            Assert.Equal(2u, (uint)ProtectionFlags.Write);
            Assert.Equal(4u, (uint)ProtectionFlags.Exec);
            Assert.Equal(1u, (uint)MapFlags.Private);
            Assert.Equal(2u, (uint)MapFlags.Shared);
            Assert.Equal(4u, (uint)MapFlags.Anonymous);
            Assert.Equal(8u, (uint)MapFlags.Fixed);
            Assert.Equal(16u, (uint)MapFlags.Populate);
        }

        [Fact]
        public void Return_encoding_uses_bit_63_for_errors()
        {
            for (uint e = 1; e <= 14; e++)
            {
                ulong raw = SyscallReturn.Error((SyscallError)e);
                Assert.True(SyscallReturn.IsError(raw));
                Assert.Equal((SyscallError)e, SyscallReturn.GetError(raw));
                Assert.Equal(1UL << 63, raw & (1UL << 63));
            }
            ulong ok = SyscallReturn.Ok(0x1234);
            Assert.False(SyscallReturn.IsError(ok));
            Assert.Equal(0x1234UL, SyscallReturn.GetValue(ok));
            Assert.Equal(SyscallError.Success, SyscallReturn.GetError(ok));
            Assert.Equal(SyscallReturn.Ok(5), SyscallReturn.Encode(SyscallError.Success, 5));
            Assert.Equal(SyscallReturn.Error(SyscallError.Busy), SyscallReturn.Encode(SyscallError.Busy, 5));
        }

        [Fact]
        public void Capability_token_layout_round_trips_and_never_sets_bit_63()
        {
            var c = Capability.Make(0xFFFF, 0xFFFF_FFFF, ObjectType.Log);
            Assert.Equal(0xFFFFu, c.Index);
            Assert.Equal(0xFFFF_FFFFu, c.Generation);
            Assert.Equal(ObjectType.Log, c.Type);
            Assert.True(c.IsWellFormed);
            Assert.False(SyscallReturn.IsError(c.Raw));
            Assert.True(Capability.Null.IsNull);
            Assert.False(new Capability(1UL << 60).IsWellFormed);
        }

        [Fact]
        public void Generations_never_wrap_to_zero()
        {
            Assert.Equal(1u, HandleLayout.NextGeneration(uint.MaxValue));
            Assert.Equal(3u, HandleLayout.NextGeneration(2));
        }

        [Fact]
        public void Rights_only_shrink_through_subset_checks()
        {
            var rw = new Rights(Rights.ReadBit | Rights.WriteBit);
            Assert.True(Rights.Read.IsSubsetOf(rw));
            Assert.False(Rights.All.IsSubsetOf(rw));
            Assert.True(rw.Contains(Rights.Write));
            Assert.False(rw.Contains(Rights.Grant));
            Assert.False(new Rights(1u << 20).IsValid);
            Assert.True(Rights.All.IsValid);
            Assert.Equal(Rights.ReadBit, rw.Intersect(Rights.Read).Bits);
            Assert.Equal(Rights.WriteBit, rw.Without(Rights.Read).Bits);
        }

        [Fact]
        public void Abi_struct_sizes_are_pinned()
        {
            Assert.Equal(8, Marshal.SizeOf<Capability>());
            Assert.Equal(16, Marshal.SizeOf<Timespec>());
            Assert.Equal(24, Marshal.SizeOf<ProcessExitInfo>());
            Assert.Equal(32, Marshal.SizeOf<IpcReceiveResult>());
            Assert.Equal(24, Marshal.SizeOf<IpcCallResult>());
            Assert.Equal(64, Marshal.SizeOf<IpcCallArgs>());
            Assert.Equal(16, Marshal.SizeOf<EndpointCreateResult>());
            Assert.Equal(16, Marshal.SizeOf<UserString>());
            Assert.Equal(32, Marshal.SizeOf<StartInfo>());
            Assert.Equal(48, Marshal.SizeOf<MemoryInfo>());
            Assert.Equal(48, Marshal.SizeOf<ProcessInfo>());
            Assert.Equal(104, Marshal.SizeOf<ObjectCounts>());
            Assert.Equal(168, Marshal.SizeOf<FaultContext>());          // offsets: FaultHandlerTests
            Assert.Equal(8, Marshal.OffsetOf<IpcReceiveResult>("MessageLength").ToInt32());
            Assert.Equal(16, Marshal.OffsetOf<ProcessExitInfo>("FaultAddress").ToInt32());
        }

        [Fact]
        public void Timespec_conversions()
        {
            var t = Timespec.FromNanoseconds(3_500_000_001);
            Assert.Equal(3, t.Seconds);
            Assert.Equal(500_000_001, t.Nanoseconds);
            Assert.Equal(3_500_000_001UL, t.ToNanosecondsSaturating());
            Assert.False(new Timespec(0, 1_000_000_000).IsValid);
            Assert.False(new Timespec(-1, 0).IsValid);
            Assert.Equal(ulong.MaxValue, new Timespec(long.MaxValue, 999_999_999).ToNanosecondsSaturating());
        }
    }
}
