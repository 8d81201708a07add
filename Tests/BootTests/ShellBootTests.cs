using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// The shell as a user meets it (docs/shell.md): a normal boot (no ring3test/bench) reaches
    /// the prompt; commands are typed on the serial port (or the PS/2 keyboard) and what comes
    /// back is read and asserted. Each test is one boot, bounded, and QEMU is always killed.
    /// </summary>
    [Tier(Tier.Boot)]
    [Collection("qemu")]
    public sealed class ShellBootTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _log;

        public ShellBootTests(Xunit.Abstractions.ITestOutputHelper log)
        {
            _log = log;
        }

        // A measurement, not a timed assertion (docs/benchmarks.md "Boot time"): the kernel's
        // boottime line gives the machine time (TSC since reset) when the first prompt waits for input.
        [Fact]
        public void Boot_time_to_the_prompt_is_reported()
        {
            using var s = new ShellSession(Qemu.MakeIso("boottime"));
            Assert.True(s.WaitFor("ms after the kernel's clock started", 0, 120), "no boottime line:\n" + s.Output);
            var m = Regex.Match(s.Output, @"boottime: console input awaited (\d+) ms after machine start, (\d+) ms after the kernel's clock started");
            Assert.True(m.Success, s.Output);
            Assert.Contains("boot modules: 4\n", s.Output);     // kernel.sym, font.pf2, init, boot.arc
            _log.WriteLine($"boot to the prompt: {m.Groups[1].Value} ms of machine time (kernel: {m.Groups[2].Value} ms), {s.Elapsed.TotalSeconds:F1} s wall clock for the session");
        }

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
            // The fault is at the code address crash says it writes to (its own, Programs/UserRuntime/link-address.sh).
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

        // Types a command that reads the console and waits until it can be typed into: its echo,
        // then a moment for the shell to hand it the console (SYS_CONSOLE_FOREGROUND).
        private static void StartReader(ShellSession s, string command)
        {
            int from = s.Length;
            s.Send(command + "\r");
            Assert.True(s.WaitFor(command + "\n", from, 30), s.Output);
            System.Threading.Thread.Sleep(1000);
        }

        [Fact]
        public void A_foreground_program_reads_the_console_until_ctrl_d_and_ctrl_c_stops_it()
        {
            using var s = new ShellSession(Qemu.MakeIso(""));
            Assert.True(s.WaitFor(ShellSession.Prompt, 0, 120), "no prompt:\n" + s.Output);

            // cat alone: each line is echoed as typed, then printed by cat; Ctrl-D ends it.
            StartReader(s, "cat");
            int from = s.Length;
            s.Send("first line\r");
            Assert.True(s.WaitFor("first line\nfirst line\n", from, 30), s.Output);
            from = s.Length;
            s.Send("abc\u007Fd\r");                // Backspace takes back the c (redrawn in place)
            Assert.True(s.WaitFor("abd\nabd\n", from, 30), s.Output);
            from = s.Length;
            s.Send("\x04");
            Assert.True(s.WaitFor(ShellSession.Prompt, from, 30), "no prompt after Ctrl-D:\n" + s.Output);
            System.Threading.Thread.Sleep(300);
            string end = s.Output.Substring(from);
            Assert.DoesNotContain("cat:", end);
            Assert.DoesNotContain("Ctrl-D does nothing", end);   // the Ctrl-D went to cat, not to the shell
            Check(s, "echo the shell reads again", "\nthe shell reads again\n");

            // Ctrl-C reaches the shell while the program reads, and stops it; the program never sees it.
            StartReader(s, "cat");
            from = s.Length;
            s.Send("\x03");
            Has(s.UntilPrompt(from, "Ctrl-C", 30), "cat: stopped (Ctrl-C)\n", "Ctrl-C");
            Check(s, "echo after ctrl-c", "\nafter ctrl-c\n");

            // A background job gets no input: its console cannot be read.
            Expect(s, "cat &", "cat: cannot read the console: PermissionDenied (a background job gets no input)\n");
            Expect(s, "wait", "[1] done cat: exited with code 1\n");
            Check(s, "echo still mine", "\nstill mine\n");

            s.Send("shutdown\r");
            Assert.True(s.WaitForExit(30), "QEMU still running after shutdown:\n" + s.Output);
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
            Thread.Sleep(300);

            // The screen, not only the serial port, shows the typed commands and their output.
            var (width, height, rgb) = ScreenText.Screendump(s);
            Assert.True(width >= 640 && height >= 480, $"screendump {width}x{height}");
            List<string> lines = ScreenText.KernelLines(s.Output);
            int greeting = lines.FindIndex(l => l.StartsWith("VeridianOS shell.", StringComparison.Ordinal));
            Assert.True(greeting > 0, s.Output);
            string[] screen = ScreenText.Rows(rgb, width, height, lines.Take(greeting + 1).ToList(), ShellSession.Prompt);
            string shown = string.Join("\n", screen);
            Assert.True(Array.IndexOf(screen, "veridian$ echo typed on the keyboard") >= 0, "not on the screen:\n" + shown);
            Assert.True(Array.IndexOf(screen, "typed on the keyboard") >= 0, "not on the screen:\n" + shown);
            Assert.True(Array.IndexOf(screen, "veridian$ hello kbd") >= 0, "not on the screen:\n" + shown);
            // And the same shell still answers the serial port.
            Check(s, "echo serial too", "\nserial too\n");
        }
    }
}
