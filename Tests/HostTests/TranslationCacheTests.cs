using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// The address space's one-entry translation cache (AddressSpace.Resolve) must never let
    /// the kernel reach a page after its translation was removed or narrowed: every test first
    /// makes the page the cached one (a kernel read or write of it), then changes the mapping,
    /// then checks what the kernel sees.
    /// </summary>
    public class TranslationCacheTests
    {
        private readonly TestKernel tk = new TestKernel();
        private Thread T => tk.InitThread;
        private Process P => tk.Init;
        private const ProtectionFlags RW = ProtectionFlags.Read | ProtectionFlags.Write;
        private const MapFlags Anon = MapFlags.Private | MapFlags.Anonymous;

        private ulong MapPage(ulong at = 0, MapFlags extra = 0)
            => tk.Ok(T, SyscallFrames.Mmap(at, 4096, RW, Anon | extra, default(Capability), 0));

        private SyscallError Write(ulong va, byte value)
            => UserMemory.CopyOut(P.Memory, va, new[] { value });

        private SyscallError Read(ulong va, out byte value)
        {
            var b = new byte[1];
            SyscallError e = UserMemory.CopyIn(P.Memory, va, b);
            value = b[0];
            return e;
        }

        [Fact]
        public void An_unmapped_page_is_not_reached_through_the_cache()
        {
            ulong a = MapPage();
            Assert.Equal(SyscallError.Success, Write(a + 8, 7));
            Assert.Equal(SyscallError.Success, Read(a + 8, out byte v));
            Assert.Equal(7, v);
            tk.Ok(T, SyscallFrames.Munmap(a, 4096));
            Assert.Equal(SyscallError.InvalidAddress, Read(a + 8, out _));
            Assert.Equal(SyscallError.InvalidAddress, Write(a + 8, 1));
            Assert.Equal(SyscallError.InvalidAddress, UserMemory.Probe(P.Memory, a, 1, ProtectionFlags.Read));
        }

        [Fact]
        public void A_page_made_read_only_cannot_be_written_through_the_cache()
        {
            ulong a = MapPage();
            Assert.Equal(SyscallError.Success, Write(a, 3));
            tk.Ok(T, SyscallFrames.Mprotect(a, 4096, ProtectionFlags.Read));
            Assert.Equal(SyscallError.InvalidAddress, Write(a, 4));
            Assert.Equal(SyscallError.Success, Read(a, out byte v));
            Assert.Equal(3, v);
        }

        [Fact]
        public void A_page_made_inaccessible_cannot_be_read_through_the_cache()
        {
            ulong a = MapPage();
            Assert.Equal(SyscallError.Success, Write(a, 3));
            tk.Ok(T, SyscallFrames.Mprotect(a, 4096, ProtectionFlags.None));
            Assert.Equal(SyscallError.InvalidAddress, Read(a, out _));
            Assert.Equal(SyscallError.InvalidAddress, Write(a, 1));
        }

        [Fact]
        public void A_page_mapped_again_at_the_same_address_is_the_new_page()
        {
            ulong a = MapPage();
            Assert.Equal(SyscallError.Success, Write(a + 100, 0x5A));
            int free = tk.Platform.SimFrames.FreeCount;
            Assert.Equal(SyscallError.AlreadyExists, tk.Err(T, SyscallFrames.Mmap(a, 4096, RW, Anon | MapFlags.Fixed, default(Capability), 0)));
            tk.Ok(T, SyscallFrames.Munmap(a, 4096));
            Assert.Equal(free + 1, tk.Platform.SimFrames.FreeCount); // the old frame came back
            Assert.Equal(a, MapPage(a, MapFlags.Fixed));             // a new mapping at the same address
            Assert.Equal(SyscallError.Success, Read(a + 100, out byte v));
            Assert.Equal(0, v);                                     // a fresh zeroed page, not the old frame
        }

        [Fact]
        public void Two_spaces_do_not_share_a_cached_translation()
        {
            ulong a = MapPage();
            Assert.Equal(SyscallError.Success, Write(a, 9));
            var (child, _) = tk.Spawn();
            var b = new byte[1];
            SyscallError e = UserMemory.CopyIn(child.Memory, a, b);
            Assert.True(e == SyscallError.InvalidAddress || b[0] == 0);    // the child's own page there, if any: never init's 9
        }
    }
}
