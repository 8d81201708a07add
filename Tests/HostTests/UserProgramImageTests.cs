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
    /// linked at its own address below 2 GiB (Programs/UserRuntime/link-address.sh), no two different
    /// programs overlapping, code R+X, read-only data R, data R+W, never writable and executable.
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
                var ranges = new System.Collections.Generic.List<(ulong Start, ulong End, string Name, byte[] Image)>();
                foreach (string file in Directory.GetFiles(bin))
                {
                    byte[] image = File.ReadAllBytes(file);
                    var (start, end) = CheckImage(file, image);
                    ranges.Add((start, end, file, image));
                    checkedImages++;
                }
                // Distinct images never overlap, so gdb can hold every program's symbols at once
                // (an alias is the same image under another name).
                ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
                for (int i = 1; i < ranges.Count; i++)
                {
                    var (prev, next) = (ranges[i - 1], ranges[i]);
                    Assert.True(next.Start >= prev.End || prev.Image.AsSpan().SequenceEqual(next.Image),
                        $"{prev.Name} and {next.Name} overlap in memory");
                }
            }
            Assert.True(checkedImages > 0, "no user program found under iso/out/*/bin: build the solution first");
        }

        private static (ulong Start, ulong End) CheckImage(string name, byte[] image)
        {
            var segments = new ElfSegment[ElfParser.MaxSegments];
            SyscallError e = ElfParser.Parse(image.AsSpan(0, Math.Min(image.Length, 4096)), (ulong)image.Length, 62,
                segments, out int count, out ulong entry);
            Assert.True(e == SyscallError.Success, name + ": " + e);
            Assert.True(count >= 3, name + ": expected separate code, read-only and data segments");
            Assert.InRange(segments[0].VirtualAddress, 0x100_0000UL, 0x8000_0000UL - 1);
            bool entryInCode = false;
            ulong end = 0;
            for (int i = 0; i < count; i++)
            {
                ElfSegment s = segments[i];
                bool writable = (s.Protection & ProtectionFlags.Write) != 0;
                bool executable = (s.Protection & ProtectionFlags.Exec) != 0;
                Assert.False(writable && executable, name + ": a segment is writable and executable");
                Assert.Equal(0UL, s.VirtualAddress % Abi.PageSize);
                if (executable && entry >= s.VirtualAddress && entry < s.VirtualAddress + s.MemorySize) entryInCode = true;
                end = Math.Max(end, s.VirtualAddress + s.MemorySize);
            }
            Assert.True(entryInCode, name + ": entry point outside the code segment");
            Assert.True(end <= 0x8000_0000UL, name + ": beyond 2 GiB (the small code model)");
            return (segments[0].VirtualAddress, end);
        }
    }
}
