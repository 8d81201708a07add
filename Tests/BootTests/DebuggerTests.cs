using System;
using System.Diagnostics;
using System.IO;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// The debugging path users rely on: QEMU's GDB stub plus gdb with the kernel's symbols and
    /// the extension tools/gdb/veridian.py: breaking in a C# method by name and by File.cs:line,
    /// C# names in backtraces, C# values (strings, arrays, objects by runtime type, statics)
    /// checked against what the kernel prints on its serial port.
    /// </summary>
    [Tier(Tier.Long)]
    [Collection("qemu")]
    public sealed class DebuggerTests
    {
        private const string BannerMethod = "Veridian_KernelImage_Veridian_Kernel_Boot_KernelMain__PrintBanner";

        [Fact]
        public void Gdb_stops_in_a_csharp_method_by_name_and_prints_its_arguments()
        {
            string output = RunGdbSession($"hbreak {BannerMethod}");

            Assert.Contains("breakpoint 1, " + BannerMethod, output);
            Assert.Contains("KernelMain.cs", output);
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"heapBytes = \d+"), output);
        }

        [Fact]
        public void Gdb_steps_and_prints_locals_and_object_fields()
        {
            string output = RunGdbSession($"hbreak {BannerMethod}",
                "next", "next", "info locals", "print boot->Framebuffer.Width", "print boot->MemoryMap->_numComponents");

            Assert.Contains("KernelConsole.Write(KernelVersion.Version);", output);         // stepped two lines
            Assert.Contains("fb = {Address = ", output);                                   // a struct local, by field
            var fields = System.Text.RegularExpressions.Regex.Matches(output, @"\$\d+ = (\d+)");
            Assert.Equal(2, fields.Count);
            Assert.True(int.Parse(fields[0].Groups[1].Value) >= 640, output);              // a field of a C# object
            Assert.True(int.Parse(fields[1].Groups[1].Value) >= 3, output);                // an array's length
        }

        [Fact]
        public void Gdb_stops_at_a_csharp_file_and_line()
        {
            string source = Path.Combine(Qemu.RepoRoot, "Kernel", "Boot", "KernelMain.cs");
            int line = Array.FindIndex(File.ReadAllLines(source), l => l.Contains("KernelConsole.Write(\"memory: \");")) + 1;
            Assert.True(line > 0, "marker line not found in KernelMain.cs");

            string output = RunGdbSession($"break KernelMain.cs:{line}");

            Assert.Contains($"KernelMain.cs:{line}", output);
            Assert.Contains(BannerMethod, output);
        }

        [Fact]
        public void Build_leaves_no_debug_information_for_the_fix_up_to_correct()
        {
            // The build ran tools/gdb/fix_debug_info.py on this kernel; a second look finds nothing.
            var (code, output) = Qemu.Run("python3",
                $"\"{Path.Combine(Qemu.RepoRoot, "tools", "gdb", "fix_debug_info.py")}\" --check \"{Qemu.KernelElf}\"", TimeSpan.FromMinutes(1));
            Assert.True(code == 0, output);
            Assert.Contains("would fix 0 static field location(s) and 0 address range(s)", output);
            Assert.DoesNotContain("left alone", output);
        }

        [Fact]
        public void Gdb_breaks_on_csharp_method_names_set_before_the_kernel_is_loaded()
        {
            // Plain `break` (not hbreak), C# names: the extension resolves them and makes the
            // breakpoint a hardware one, or GRUB would overwrite it while loading the kernel.
            string output = RunGdbSession("break KernelMain.PrintBanner",
                "break Veridian.Kernel.Boot.KernelMain.PrintBanner", "break PrintBanner", "info breakpoints");

            Assert.Contains("breakpoint 1, " + BannerMethod, output);
            Assert.Contains("automatically using hardware breakpoints", output);
            string first = Match(output, @"breakpoint 1 at (0x[0-9a-f]+): file [^\n]*KernelMain\.cs");
            Assert.Equal(first, Match(output, @"breakpoint 2 at (0x[0-9a-f]+)"));
            Assert.Equal(first, Match(output, @"breakpoint 3 at (0x[0-9a-f]+)"));
        }

        [Fact]
        public void Gdb_backtrace_shows_csharp_names_and_ends_at_the_kernel_entry()
        {
            string output = RunGdbSession("break KernelMain.PrintBanner", "bt");

            string bt = output.Substring(output.LastIndexOf("#0  ", StringComparison.Ordinal));
            Assert.Matches(@"#0  KernelMain\.PrintBanner \(machine=\{Veridian\.Plugs\.X64\.X64Machine\}", bt);
            Assert.Matches(@"#1  0x[0-9a-f]+ in KernelMain\.Start \(", bt);
            Assert.Matches(@"#2  0x[0-9a-f]+ in Entry\.KMain \(", bt);
            Assert.Matches(@"#3  0x[0-9a-f]+ in \w+ \(\)", bt);                                  // boot.asm, which called KMain
            Assert.DoesNotContain("#4", bt);                                                  // no garbage frames past the entry
            Assert.DoesNotContain("warning: (", bt);                                          // "pc ... in address map, but not in symtab"
            Assert.DoesNotContain("?? ()", bt);
            Assert.DoesNotContain("Veridian_KernelImage_", bt);
        }

        [Fact]
        public void Gdb_prints_a_csharp_string_as_its_text()
        {
            // The first string the kernel writes is its name; run on until the banner is out.
            var session = RunGdb("break KernelConsole.Write", "print text", "csharp print text.Length",
                                 "delete", "break KernelMain.LoadSymbols", "continue");

            string text = Match(session.Output, @"\$1 = ""([^""]*)""");
            Assert.Equal("VeridianOS for .NET", text);
            Assert.Matches("(?m)^" + System.Text.RegularExpressions.Regex.Escape(text) + " ", session.Serial);  // the banner line
            Assert.Equal(text.Length.ToString(), Match(session.Output, @"text\.Length = (\d+)"));
        }

        [Fact]
        public void Gdb_prints_a_span_as_its_length_and_elements()
        {
            // WriteAscii(ReadOnlySpan<byte>) first prints the boot loader's name; one step in,
            // the span argument is in its home slot.
            var session = RunGdb("break KernelConsole.WriteAscii", "next", "print text", "csharp print text.Length",
                                 "delete", "break KernelMain.LoadSymbols", "continue");

            var m = System.Text.RegularExpressions.Regex.Match(session.Output, @"\$1 = System\.ReadOnlySpan<byte> \(Length = (\d+)\) = \{([\d, ]+)\}");
            Assert.True(m.Success, session.Output);
            byte[] bytes = Array.ConvertAll(m.Groups[2].Value.Split(", "), byte.Parse);
            Assert.Equal(int.Parse(m.Groups[1].Value), bytes.Length);
            Assert.Equal(m.Groups[1].Value, Match(session.Output, @"text\.Length = (\d+)"));
            string loader = System.Text.Encoding.ASCII.GetString(bytes);
            Assert.Contains("boot loader: " + loader + "\n", session.Serial);                   // "GRUB 2.06-..."
        }

        [Fact]
        public void Gdb_prints_nullables_capability_tokens_and_rights_readably()
        {
            // The self-tests exercise int? and derive from init's console capability (slot 1).
            var session = RunGdb("selftest", "break SelfTests.NullableValues", new[] {
                "break CapabilitySyscalls.Derive", "next", "next", "print none", "print some",
                "continue", "next", "next", "next", "print parentToken", "print rights" });
            string output = session.Output;

            Assert.Contains("$1 = null", output);
            Assert.Contains("$2 = {Value = 42}", output);
            Assert.Matches(@"\$3 = Capability\(index 1, generation \d+, type Console, raw 0x[0-9a-f]+\)", output);
            Assert.Contains("$4 = Rights(Write)", output);                                     // derive(console, Write)
        }

        [Fact]
        public void Gdb_prints_arrays_objects_behind_abstract_types_and_static_fields_with_their_real_values()
        {
            // Stop after the banner and LoadSymbols, by file and line with a plain break.
            int line = LineOf(Path.Combine(Qemu.RepoRoot, "Kernel", "Boot", "KernelMain.cs"), "var panic = CommandLine.GetValue");
            var session = RunGdb($"break KernelMain.cs:{line}",
                "print boot.MemoryMap",
                "print Veridian_KernelImage_Veridian_Kernel_Console_KernelConsole::s_count",
                "print Veridian_KernelImage_Veridian_Kernel_Console_KernelConsole::s_sinks",
                "csharp print KernelConsole.s_sinks[1]._columns",
                "csharp print KernelConsole.s_sinks[1]._font.CellWidth",
                "csharp print Panic.Symbols._addresses.Length",
                "csharp statics KernelConsole");
            string output = session.Output, serial = session.Serial;

            Assert.Contains($"KernelMain.cs:{line}", output);
            // An array: its element type, its length (the kernel printed "in N regions") and elements.
            string regions = Match(serial, @"in (\d+) regions");
            Assert.Matches($@"\$1 = Veridian\.Kernel\.Boot\.MemoryRegion\[\] \(Length = {regions}\) = \{{\{{Base = 0, Length = \d+, Type = 1\}}", output);
            // Static fields, read where this runtime keeps them: two sinks attached (serial, screen).
            Assert.Contains("$2 = 2", output);
            Assert.Contains("KernelConsole.s_count = 2", output);
            // Elements of an abstract type (TextSink) shown as their runtime types, with fields.
            Assert.Matches(@"\$3 = Veridian\.Kernel\.Console\.TextSink\[\] \(Length = 4\) = \{\{Veridian\.Plugs\.X64\.SerialPort\} = \{_base = 1016\}, \{Veridian\.Kernel\.Console\.FramebufferConsole\} = \{_pixels = ", output);
            Assert.Contains("null, null}", output);
            int columns = int.Parse(Match(output, @"_columns = (\d+)"));
            int cell = int.Parse(Match(output, @"CellWidth = (\d+)"));
            Assert.Equal(Match(serial, @"screen: (\d+)x\d+"), (columns * cell).ToString());   // "screen: 1280x800"
            // A static object reference: the symbol table the kernel says it loaded.
            Assert.Equal(Match(serial, @"symbols: (\d+) loaded"), Match(output, @"Panic\.Symbols\._addresses\.Length = (\d+)"));
        }

        [Fact]
        public void Debug_script_debugs_the_debug_kernel_even_after_a_release_build()
        {
            // The stale-build trap: a Release build (./run.sh) must not replace what ./debug.sh debugs.
            var (built, buildOutput) = Qemu.Run("dotnet", $"build \"{Path.Combine(Qemu.RepoRoot, "iso", "Veridian.Iso.csproj")}\" -c Release -nologo -v quiet",
                                                TimeSpan.FromMinutes(10));
            Assert.True(built == 0, "Release build failed:\n" + buildOutput);
            string releaseElf = Path.Combine(Qemu.OutputDir("Release"), "kernel.elf");
            string debugElf = Path.Combine(Qemu.OutputDir("Debug"), "kernel.elf");
            Assert.True(File.Exists(Path.Combine(Qemu.OutputDir("Release"), "veridian.iso")), "no Release ISO");

            string output = RunDebugScript(BannerMethod, "info files", "csharp verify", "info locals");

            Assert.Contains($"Symbols from \"{debugElf}\"", output);
            Assert.Contains("breakpoint 1, " + BannerMethod, output);
            // The kernel QEMU booted is the one gdb has symbols for: its code matches the file...
            Assert.Matches(new System.Text.RegularExpressions.Regex(@"kernel\.elf \.text at 0x[0-9a-f]+ \(\d+ bytes\): matches"), output);
            Assert.DoesNotContain("DIFFERS", output);
            // ...and it is the unoptimised one, whose locals gdb can show (the Release kernel has "No locals").
            Assert.Contains("fb = {Address = ", output);
            Assert.NotEqual(File.ReadAllBytes(releaseElf), File.ReadAllBytes(debugElf));
        }

        [Fact]
        public void Gdb_breaks_in_a_user_program_started_from_the_shell_steps_into_a_syscall_and_back()
        {
            // What a user does: symbols of hello (and the shell), a C# breakpoint in hello's Main,
            // then `hello a b` typed at the shell prompt on the serial port.
            int readLine = LineOf(Path.Combine(Qemu.RepoRoot, "Programs", "shell", "Shell.cs"), "string line = s_editor.ReadLine();");
            int port = Qemu.FreePort();
            var shell = new ShellSession(Qemu.MakeIso(""), extraArgs: $"-gdb tcp:127.0.0.1:{port} -S");
            string args = "-q -batch -nx " +
                "-ex \"set architecture i386:x86-64\" " +
                $"-x \"{Extension}\" " +
                $"-ex \"file {Qemu.KernelElf}\" " +
                "-ex \"csharp programs hello shell\" " +
                $"-ex \"target remote 127.0.0.1:{port}\" " +
                string.Concat(Array.ConvertAll(new[] {
                    "break Hello.Main", "continue", "bt", "info args", "next", "next", "info locals",
                    // Into the kernel on hello's next system call, and back to ring 3 where it returns.
                    "tbreak SyscallDispatcher.Dispatch", "continue", "bt 3", "csharp user", "bt 3",
                    // hello runs to its end; the shell reads its next line.
                    "delete", $"break Shell.cs:{readLine}", "continue", "bt 1", "kill" }, c => $"-ex \"{c}\" "));
            // gdb (bounded by Qemu.Run's timeout) on its own thread while this one types.
            (int Code, string Output) result = (-1, "gdb did not finish");
            var gdb = new System.Threading.Thread(() => result = Qemu.Run("gdb", args, TimeSpan.FromMinutes(4)));
            gdb.Start();
            try
            {
                Assert.True(shell.WaitFor(ShellSession.Prompt, 0, 180), "no shell prompt:\n" + shell.Output);
                shell.Send("hello a b\r");
                Assert.True(gdb.Join(TimeSpan.FromMinutes(4)), "gdb did not finish");
            }
            finally
            {
                shell.Dispose();   // kills QEMU, which ends a gdb still attached
                gdb.Join(TimeSpan.FromMinutes(1));
            }
            var (code, output) = result;
            Assert.True(code == 0, "gdb failed:\n" + output);
            Assert.DoesNotContain("Python Exception", output);
            output = output.Replace("Breakpoint", "breakpoint");

            Assert.Contains("veridian: symbols of hello (hello) at 0x", output);
            Assert.Contains("breakpoint 1, hello_Veridian_Programs_Hello__Main (args=string[] (Length = 3)", output);
            Has(output, @"#0  Hello\.Main \(args=string\[\] \(Length = 3\) = \{\.\.\.\}\) at [^\n]*Hello\.cs:\d+");
            Has(output, @"#\d  0x[0-9a-f]+ in Process\.Start \(");                     // the user runtime's entry
            Has(output, @"#\d  0x[0-9a-f]+ in _start \(\) at [^\n]*start\.asm");        // ... and the process entry, last
            Assert.Contains("args = string[] (Length = 3) = {\"hello\", \"a\", \"b\"}", output);  // the argument, as the shell passed it
            if (Qemu.Configuration == "Debug")   // optimised code (Release) keeps neither lines nor locals exact
            {
                Assert.Contains("Console.WriteDecimal(args.Length);", output);                    // stepped two lines
                Assert.Contains("i = 0", output);                                                 // a local
            }
            // The system call: the kernel's dispatcher, called from ring 3, then hello again.
            Has(output, @"#0  SyscallDispatcher\.Dispatch \(");
            Has(output, @"#0  (0x[0-9a-f]+ in )?veridian_syscall\d \(\) at [^\n]*syscall\.asm:\d+\n#1  0x[0-9a-f]+ in Sys\.\w+ \(");
            // hello ended normally and the shell is back at its prompt.
            Has(output, $@"#0  Shell\.Main \([^\n]*Shell\.cs:{readLine}");
            Assert.Contains("hello: args[2] = b\n", shell.Output);
        }

        /// <summary>./debug.sh --batch on a free port: what a user gets, driven without a terminal.</summary>
        private static string RunDebugScript(string breakpoint, params string[] commands)
        {
            string args = $"\"{Path.Combine(Qemu.RepoRoot, "debug.sh")}\" --batch --port {Qemu.FreePort()} \"{breakpoint}\" -- " +
                          string.Concat(Array.ConvertAll(commands, c => $"-ex \"{c}\" "));
            var (code, output) = Qemu.Run("bash", args, TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "debug.sh failed:\n" + output);
            return output.Replace("Breakpoint", "breakpoint");
        }

        /// <summary>What one gdb session printed, and what the kernel wrote on its serial port meanwhile.</summary>
        private sealed record Session(string Output, string Serial);

        private static string RunGdbSession(string breakpoint, params string[] commands) =>
            RunGdb(breakpoint, commands).Output;

        /// <summary>
        /// gdb in batch mode, set up the way debug.sh sets it up (the extension loaded before the
        /// kernel's symbols), against QEMU halted on a free port; QEMU is always killed.
        /// </summary>
        private static Session RunGdb(string breakpoint, params string[] commands) => RunGdb("", breakpoint, commands);

        private static Session RunGdb(string kernelCommandLine, string breakpoint, string[] commands)
        {
            int port = Qemu.FreePort();
            string iso = Qemu.MakeIso(kernelCommandLine);
            string serial = Path.Combine(Path.GetDirectoryName(iso)!, "serial.log");
            using var qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64",
                $"-accel tcg -cpu max -m 256M -cdrom \"{iso}\" -display none -monitor none -serial file:\"{serial}\" -no-reboot " +
                $"-device isa-debug-exit,iobase=0xf4,iosize=0x04 -gdb tcp:127.0.0.1:{port} -S")
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            try
            {
                string args = "-q -batch -nx " +
                    "-ex \"set architecture i386:x86-64\" " +
                    $"-x \"{Extension}\" " +
                    $"-ex \"file {Qemu.KernelElf}\" " +
                    $"-ex \"target remote 127.0.0.1:{port}\" " +
                    $"-ex \"{breakpoint}\" " +
                    "-ex \"continue\" " +
                    "-ex \"bt 3\" " +
                    "-ex \"info args\" " +
                    string.Concat(Array.ConvertAll(commands, c => $"-ex \"{c.Replace("\"", "\\\"")}\" ")) +
                    "-ex \"kill\"";
                var (code, output) = Qemu.Run("gdb", args, TimeSpan.FromSeconds(120));
                Assert.True(code == 0, "gdb failed:\n" + output);
                Assert.DoesNotContain("Python Exception", output);
                return new Session(output.Replace("Breakpoint", "breakpoint"), Qemu.ReadShared(serial));
            }
            finally
            {
                if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
                qemu.WaitForExit();
            }
        }

        private static string Extension => Path.Combine(Qemu.RepoRoot, "tools", "gdb", "veridian.py");

        private static int LineOf(string file, string marker)
        {
            int line = Array.FindIndex(File.ReadAllLines(file), l => l.Contains(marker)) + 1;
            Assert.True(line > 0, $"marker line not found in {file}: {marker}");
            return line;
        }

        private static void Has(string output, string pattern) =>
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, pattern), $"no match for {pattern} in:\n{output}");

        private static string Match(string output, string pattern)
        {
            var m = System.Text.RegularExpressions.Regex.Match(output, pattern);
            Assert.True(m.Success, $"no match for {pattern} in:\n{output}");
            return m.Groups[1].Value;
        }
    }
}
