using System;
using System.IO;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// Every user program the build produced (iso/out/{Configuration}/bin/*, Programs/Program.targets)
    /// is an image the kernel's ELF validator accepts, with the layout docs/userspace.md promises:
    /// linked at 0x400000, code R+X, read-only data R, data R+W, never writable and executable.
    /// </summary>
    public class UserProgramImageTests
    {
        private static string RepositoryRoot()
        {
            string dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "Veridian.Cosmos.sln")))
                dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root not found");
        }

        [Fact]
        public void Every_built_program_is_accepted_by_the_kernel_elf_parser()
        {
            string root = RepositoryRoot();
            int checkedImages = 0;
            foreach (string configuration in new[] { "Debug", "Release" })
            {
                string bin = Path.Combine(root, "iso", "out", configuration, "bin");
                if (!Directory.Exists(bin)) continue;
                foreach (string file in Directory.GetFiles(bin))
                {
                    CheckImage(file, File.ReadAllBytes(file));
                    checkedImages++;
                }
            }
            Assert.True(checkedImages > 0, "no user program found under iso/out/*/bin: build the solution first");
        }

        private static void CheckImage(string name, byte[] image)
        {
            var segments = new ElfSegment[ElfParser.MaxSegments];
            SyscallError e = ElfParser.Parse(image.AsSpan(0, Math.Min(image.Length, 4096)), (ulong)image.Length, 62,
                segments, out int count, out ulong entry);
            Assert.True(e == SyscallError.Success, name + ": " + e);
            Assert.True(count >= 3, name + ": expected separate code, read-only and data segments");
            Assert.Equal(0x40_0000UL, segments[0].VirtualAddress);
            bool entryInCode = false;
            for (int i = 0; i < count; i++)
            {
                ElfSegment s = segments[i];
                bool writable = (s.Protection & ProtectionFlags.Write) != 0;
                bool executable = (s.Protection & ProtectionFlags.Exec) != 0;
                Assert.False(writable && executable, name + ": a segment is writable and executable");
                Assert.Equal(0UL, s.VirtualAddress % Abi.PageSize);
                if (executable && entry >= s.VirtualAddress && entry < s.VirtualAddress + s.MemorySize) entryInCode = true;
            }
            Assert.True(entryInCode, name + ": entry point outside the code segment");
        }
    }
}
