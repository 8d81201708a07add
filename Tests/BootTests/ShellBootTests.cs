using System;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Veridian.BootTests
{
    /// <summary>
    /// The shell as a user meets it (docs/shell.md): a normal boot (no ring3test/bench) reaches
    /// the prompt; commands are typed on the serial port (or the PS/2 keyboard) and what comes
    /// back is read and asserted. Each test is one boot, bounded, and QEMU is always killed.
    /// </summary>
    [Collection("qemu")]
    public sealed class ShellBootTests
    {
        private static void Has(string output, string expected, string command)
        {
            if (!output.Contains(expected, StringComparison.Ordinal))
                throw new Xunit.Sdk.XunitException($"'{command}' printed no \"{expected}\":\n{output}");
        }

        private static void Check(ShellSession s, string command, params string[] expected)
        {
            string o = s.Run(command);
            foreach (string e in expected) Has(o, e, command);
        }

        // Types a line and waits for each of the texts in turn (for output that does not end at a prompt).
        private static void Expect(ShellSession s, string line, params string[] texts)
        {
            int from = s.Length;
            s.Send(line + "\r");
            foreach (string t in texts)
                if (!s.WaitFor(t, from, 60)) throw new Xunit.Sdk.XunitException($"'{line}' printed no \"{t}\":\n{s.Output}");
            System.Threading.Thread.Sleep(300);     // the prompt, before or after the last text
        }

        [Fact]
        public void Scripted_session_runs_every_builtin_and_program_and_shutdown_ends_qemu()
        {
            using var s = new ShellSession(Qemu.MakeIso(""));
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 120), "no prompt:\n" + s.Output);
            Assert.Contains("init: file service ready\n", s.Output);

            // Builtins.
            Check(s, "help", "builtins:", "shutdown, reboot");
            Check(s, "ls", "program", " hello\n", " shell\n", " crash\n", "file ", " motd\n", "ring-3 test programs not shown");
            Check(s, "ls -a", " test-syscalls\n");
            string ps = s.Run("ps");
            Assert.Matches(new Regex(@"\n\s+0\s+-\s+running\s+1\s+\d+ KiB\s+init\n"), ps);
            Has(ps, " files\n", "ps");
            Has(ps, " shell\n", "ps");
            Check(s, "caps", "Console     Read|Write|Grant|Derive", "Endpoint", "SystemInfo  Read", "Power       Write", "Resource");
            Assert.Matches(new Regex(@"memory: \d+ KiB total, \d+ KiB used, \d+ KiB free"), s.Run("mem"));
            Assert.Matches(new Regex(@"up \d+:\d\d:\d\d \(\d+\.\d\d\d s since boot\)"), s.Run("uptime"));
            Assert.Matches(new Regex(@"\n20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC\n"), s.Run("date"));
            Check(s, "echo one  two \"three  four\"", "\none two three  four\n");
            Check(s, "sleep 1");
            Check(s, "clear", "\n\n\n\n\n\n\n\n\n\n");
            Check(s, "history", "  help\n", "  sleep 1\n");

            // Programs.
            Check(s, "hello a b", "Hello from ring 3\n", "hello: args[2] = b\n");
            Check(s, "run echo x y", "\nx y\n");
            Check(s, "cat motd", "Welcome to VeridianOS for .NET.\n", "asked the file service for the bytes.\n");
            Check(s, "cat nosuchfile", "cat: nosuchfile: not found\n", "cat: exited with code 1\n");
            Check(s, "threads", "threads: 4 threads joined, 0 wrong\n");
            Check(s, "ipc-client", "ipc-client: called \"ping 1\"", "replied \"pong 1\"",
                "ipc-server: this line is written through the console capability that came with the message\n",
                "ipc-client: ipc-server ended: exited 0\n", "ipc-client: all calls answered as expected\n");
            Check(s, "ipc-server", "ipc-server: exited with code 2\n");
            Check(s, "capdemo", "validate it for Grant: PermissionDenied (as expected)",
                "capdemo (holder): this line is written through my copy of B\n",
                "capdemo (holder): after the revoke, my next write through B fails: InvalidCapability\n",
                "capdemo: every check behaved as expected\n");
            string mem = s.Run("memdemo");
            Has(mem, "memdemo: wrote and read back 65536 bytes, 0 differ\n", "memdemo");
            Assert.Matches(new Regex(@"memdemo: killed by PageFault at 0x[0-9a-f]+\n"), mem);
            Check(s, "crash null", "crash: killed by PageFault at 0x0\n");
            // The fault is at the code address crash says it writes to (its own, Programs/Runtime/link-address.sh).
            string crashed = s.Run("crash code-write");
            var codeWrite = new Regex(@"crash: writing to my own code at (0x[0-9a-f]+) [^\n]*\n(.*\n)*crash: killed by PageFault at (0x[0-9a-f]+)\n").Match(crashed);
            Assert.True(codeWrite.Success && codeWrite.Groups[1].Value == codeWrite.Groups[3].Value, "crash code-write:\n" + crashed);
            Check(s, "crash cli", "crash: killed by ProtectionFault at 0x");
            Check(s, "crash divide", "crash: killed by DivideError at 0x");
            Check(s, "crash stack", "crash: killed by StackOverflow at 0x7fff");
            Check(s, "crash", "usage: crash null|code-write|cli|divide|stack", "crash: exited with code 2\n");

            // Ctrl-C stops the foreground program; the prompt comes back.
            int from = s.Length;
            s.Send("run sleep 60\r");
            Assert.True(s.WaitFor("sleep: sleeping 60 s\n", from, 30), s.Output);
            from = s.Length;
            s.Send("\x03");
            Has(s.UntilPrompt(from, "Ctrl-C", 30), "sleep: stopped (Ctrl-C)\n", "Ctrl-C");

            // Background jobs (their output comes after the prompt, so wait for it rather than for a prompt).
            Expect(s, "run sleep 5 &", "[1] sleep started in the background\n", "sleep: sleeping 5 s\n");
            Check(s, "jobs", "[1] running sleep\n");
            Expect(s, "wait 1", "sleep: slept 5 s\n", "[1] done sleep: exited 0\n");
            Expect(s, "hello bg &", "[2] hello started in the background", "hello: args[1] = bg\n");
            Expect(s, "wait", "[2] done hello: exited 0\n");
            Check(s, "jobs", "no background jobs\n");
            Check(s, "wait 7", "wait: no running job 7\n");

            // Line editing: Left inserts in the middle, Home, End, Backspace, history Up.
            // h inserted before o, redrawn in place (the session drops '\r': the redraws run together).
            Check(s, "eco\x1b[Dh\x1b[C hi", "veridian$ echoveridian$ ech", "veridian$ echo hi\n", "\nhi\n");
            Check(s, "ecxo\x1b[D\x7fh\x1b[F there", "\nthere\n");              // x deleted, h inserted, End
            Check(s, "zz\x1b[Hecho \x1b[F ok", "\nzz ok\n");
            Check(s, "\x1b[A", "\nzz ok\n");
            Check(s, "echo abc\x7f\x7f\x7fxyz", "\nxyz\n");

            // Wrong commands, non-text, too long, floods: a message, and the prompt comes back.
            Check(s, "nosuch", "shell: nosuch: command not found");
            Check(s, "motd", "shell: motd is a file, not a program");
            Check(s, "echo \"open", "shell: missing closing quote");
            Check(s, "\x02\x80\xff", "shell: ignored a byte that is not text (0x2)");
            Check(s, new string('x', 5000), "shell: line too long (at most 256 characters)");
            from = s.Length;
            s.Send("\x04");     // Ctrl-D on an empty line
            Assert.True(s.WaitFor("Ctrl-D does nothing here", from, 10), s.Output);
            var flood = new System.Text.StringBuilder();
            for (int i = 0; i < 100; i++) flood.Append("nosuch").Append(i).Append('\r');
            from = s.Length;
            s.Send(flood.ToString());
            Assert.True(s.WaitFor("shell: nosuch99: command not found", from, 120), s.Output);
            Check(s, "echo still here", "\nstill here\n");

            // The shell ending is reported by init, which starts a new one.
            from = s.Length;
            s.Send("exit 3\r");
            Assert.True(s.WaitFor("init: shell exited 3; starting a new shell\n", from, 30), s.Output);
            Assert.True(s.WaitFor(ShellSession.Prompt, s.Output.IndexOf("starting a new shell", from, StringComparison.Ordinal), 30), s.Output);
            Check(s, "echo new shell", "\nnew shell\n");

            // shutdown: ACPI S5; QEMU exits.
            s.Send("shutdown\r");
            Assert.True(s.WaitForExit(30), "QEMU still running after shutdown:\n" + s.Output);
            Assert.Contains("powering off", s.Output);
        }

        [Fact]
        public void Typing_on_the_ps2_keyboard_reaches_the_shell()
        {
            using var s = new ShellSession(Qemu.MakeIso(""));
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 120), "no prompt:\n" + s.Output);
            int from = s.Length;
            s.TypeOnKeyboard("echo typed on the keyboard\r");
            Assert.True(s.WaitFor("\ntyped on the keyboard\n", from, 30), s.Output);
            from = s.Length;
            s.TypeOnKeyboard("hello kbd\r");
            Assert.True(s.WaitFor("hello: args[1] = kbd\n", from, 30), s.Output);
            // And the same shell still answers the serial port.
            Check(s, "echo serial too", "\nserial too\n");
        }

        [Fact]
        public void A_program_made_from_the_template_builds_onto_the_iso_and_runs_from_the_shell()
        {
            string name = "user-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string broken = name + "-broken";
            string programs = Path.Combine(Qemu.RepoRoot, "Programs");
            string kernelDir = Directory.CreateTempSubdirectory("veridian-kernel-").FullName;
            try
            {
                var (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "tools", "new-program.sh")}\" --no-sln {name}", TimeSpan.FromSeconds(60));
                Assert.True(code == 0, output);
                // The normal kernel and programs, plus the new one built into this ISO's bin/.
                Directory.CreateDirectory(Path.Combine(kernelDir, "bin"));
                foreach (string file in new[] { "kernel.elf", "kernel.sym" })
                    File.Copy(Path.Combine(Qemu.KernelDir, file), Path.Combine(kernelDir, file));
                foreach (string program in Directory.GetFiles(Path.Combine(Qemu.KernelDir, "bin")))
                    if (!Path.GetFileName(program).StartsWith("test-", StringComparison.Ordinal))
                        File.Copy(program, Path.Combine(kernelDir, "bin", Path.GetFileName(program)));
                string project = Path.Combine(programs, name, name + ".csproj");
                (code, output) = Qemu.Run("dotnet", $"build \"{project}\" -c {Qemu.Configuration} -nologo -v quiet -p:VeridianProgramsOut={kernelDir}/bin/", TimeSpan.FromSeconds(300));
                Assert.True(code == 0, output);
                Assert.True(File.Exists(Path.Combine(kernelDir, "bin", name)), output);

                // A program that does not compile: the compiler's message, no ELF.
                (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "tools", "new-program.sh")}\" --no-sln {broken}", TimeSpan.FromSeconds(60));
                Assert.True(code == 0, output);
                string source = Directory.GetFiles(Path.Combine(programs, broken), "*.cs")[0];
                File.WriteAllText(source, File.ReadAllText(source).Replace("return 0;", "return undefinedThing;"));
                (code, output) = Qemu.Run("dotnet", $"build \"{Path.Combine(programs, broken, broken + ".csproj")}\" -c {Qemu.Configuration} -nologo -v quiet -p:VeridianProgramsOut={kernelDir}/broken/", TimeSpan.FromSeconds(300));
                Assert.NotEqual(0, code);
                Assert.Matches(new Regex(@"error CS0103: The name 'undefinedThing' does not exist"), output);
                Assert.False(Directory.Exists(Path.Combine(kernelDir, "broken")) && File.Exists(Path.Combine(kernelDir, "broken", broken)));

                string iso = Path.Combine(kernelDir, "veridian.iso");
                (code, output) = Qemu.Run("bash", $"\"{Path.Combine(Qemu.RepoRoot, "iso", "make-iso.sh")}\" \"{kernelDir}\" \"{iso}\"", TimeSpan.FromSeconds(120));
                Assert.True(code == 0, output);

                using var s = new ShellSession(iso);
                Assert.True(s.WaitFor(ShellSession.Prompt, 0, 120), "no prompt:\n" + s.Output);
                Check(s, "ls", " " + name + "\n");
                Check(s, name + " first second", $"Hello from {name} with 2 arguments\n", "  first\n", "  second\n", " s since boot\n");
                s.Send("shutdown\r");
                Assert.True(s.WaitForExit(30), "QEMU still running after shutdown:\n" + s.Output);
            }
            finally
            {
                foreach (string dir in new[] { name, broken })
                    if (Directory.Exists(Path.Combine(programs, dir))) Directory.Delete(Path.Combine(programs, dir), true);
                Directory.Delete(kernelDir, true);
            }
        }
    }
}
