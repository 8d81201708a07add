using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// The architecture boundary (docs/porting.md): everything that knows x86 lives in an
    /// architecture folder (Plugs/x86_64/, or an x86_64/ folder on the user side). This test
    /// greps the sources outside those folders for x86 register names, port I/O helpers and
    /// <c>cpuid</c>, comments included (a comment naming rsp is x86 knowledge too), and fails
    /// naming each file and line. The allow-list is small and says why for each entry.
    /// </summary>
    public class ArchBoundaryTests
    {
        /// <summary>Folders whose name is an architecture: their contents may know it.</summary>
        private static readonly string[] ArchFolders = { "x86_64", "aarch64", "riscv64" };

        /// <summary>What is checked: the kernel, the ABI, the user libraries and programs, the generator, the build.</summary>
        private static readonly string[] Roots = { "Kernel", "Syscalls", "Syscalls.Generator", "UserLib", "SystemModule", "Programs", "Plugs", "iso", "templates" };

        private static readonly string[] Extensions = { ".cs", ".asm", ".props", ".targets", ".csproj", ".ld" };

        private static readonly Regex X86 = new Regex(
            @"\b(" +
            // general, instruction pointer, flags and control registers (64, 32 and 16 bit names)
            @"rax|rbx|rcx|rdx|rsi|rdi|rbp|rsp|rip|rflags|eax|ebx|ecx|edx|esi|edi|ebp|esp|eip|eflags|cr[02348]" +
            // port I/O: the instructions and the usual helper names
            @"|in[bwl]|out[bwl]|ins[bwl]|outs[bwl]|in8|in16|in32|out8|out16|out32|(?-i:PortIn\w*|PortOut\w*)" +
            @"|cpuid" +
            @")\b",
            RegexOptions.IgnoreCase | RegexOptions.Compiled);

        /// <summary>
        /// (path relative to the root, the word) that may stay, with the reason. Keep it short:
        /// an entry here is a piece of x86 knowledge a second architecture has to work around.
        /// </summary>
        private static readonly Dictionary<(string Path, string Word), string> Allowed = new()
        {
            // The ring-3 test list names programs after what they try (Tests/Kernel/isolation,
            // x86-only tests until the second architecture has its own): the names, not code.
            [("Programs/init/Ring3Tests.cs", "cr3")] = "the name of the test program test-isolation-cr3",
            // ILC's response file (ilc.rsp): the file extension, not the register.
            [("Programs/DotNet/DotNet.targets", "rsp")] = "the response file ilc.rsp",
        };

        private static string RepositoryRoot() => SyscallDocsTests.RepositoryRoot();

        private static bool InArchOrBuildFolder(string relative)
        {
            string[] parts = relative.Split('/');
            return parts.Take(parts.Length - 1).Any(p => ArchFolders.Contains(p) || p == "obj" || p == "bin" || p == "out");
        }

        /// <summary>Every (file, line, word) outside the arch folders that is not allowed.</summary>
        internal static List<string> Violations(string root)
        {
            var found = new List<string>();
            foreach (string top in Roots)
            {
                string dir = Path.Combine(root, top);
                if (!Directory.Exists(dir)) continue;
                foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                    if (!Extensions.Contains(Path.GetExtension(file)) || InArchOrBuildFolder(relative)) continue;
                    string[] lines = File.ReadAllLines(file);
                    for (int i = 0; i < lines.Length; i++)
                        foreach (Match m in X86.Matches(lines[i]))
                        {
                            string word = m.Value.ToLowerInvariant();
                            if (Allowed.ContainsKey((relative, word)) || Allowed.ContainsKey((relative, "*"))) continue;
                            found.Add($"{relative}:{i + 1}: '{m.Value}': {lines[i].Trim()}");
                        }
                }
            }
            return found;
        }

        [Fact]
        public void No_x86_register_port_io_or_cpuid_outside_the_arch_folders()
        {
            List<string> found = Violations(RepositoryRoot());
            Assert.True(found.Count == 0,
                "x86 knowledge outside an architecture folder (move it behind Plugs/<arch>/ or an <arch>/ folder, docs/porting.md):\n"
                + string.Join("\n", found));
        }

        [Fact]
        public void The_check_sees_what_it_is_meant_to()
        {
            Assert.Matches(X86, "f->Rsp = 0;");
            Assert.Matches(X86, "Native.Outb(0x3F8, b);");
            Assert.Matches(X86, "cpuid");
            Assert.Matches(X86, "byte b = Native.PortIn8(0x64);");
            Assert.DoesNotMatch(X86, "see docs/porting.md");      // the port helpers' names are case-sensitive: not "porting"
            Assert.Matches(X86, "mov rax, cr3");
            Assert.DoesNotMatch(X86, "ulong sp = c.Sp; // in the inbox, outbound");
            Assert.DoesNotMatch(X86, "Pc = entry; Registers.Argument0 = arg;");
            Assert.True(InArchOrBuildFolder("Plugs/x86_64/Traps.cs"));
            Assert.True(InArchOrBuildFolder("Programs/UserRuntime/x86_64/abi.asm"));
            Assert.False(InArchOrBuildFolder("Kernel/Tasks/FaultDelivery.cs"));
            Assert.All(Allowed, a => Assert.True(File.Exists(Path.Combine(RepositoryRoot(), a.Key.Path)), a.Key.Path + " is allowed but gone: drop the entry"));
        }
    }
}
