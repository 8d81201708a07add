using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>
    /// F5 in VS Code, the way its C/C++ debugger (cppdbg) drives it: the preLaunchTask from
    /// .vscode/tasks.json, then gdb's MI interpreter with launch.json's setupCommands, the
    /// program, the remote target, an editor breakpoint, continue, call stack, variables, step.
    /// Both files are read here, so the IDE configuration and this test cannot drift apart.
    /// </summary>
    [Tier(Tier.Long)]
    [Collection("qemu")]
    public sealed class DebuggerMiTests
    {
        [Fact]
        public void Vscode_launch_configuration_stops_on_an_editor_breakpoint_through_gdb_mi()
        {
            using var launch = VscodeJson("launch.json");
            using var tasks = VscodeJson("tasks.json");
            var config = launch.RootElement.GetProperty("configurations")[0];
            Assert.Equal("cppdbg", config.GetProperty("type").GetString());
            Assert.Equal("gdb", config.GetProperty("MIMode").GetString());
            string program = Expand(config.GetProperty("program").GetString());
            Assert.Equal(Path.Combine(Qemu.OutputDir("Debug"), "kernel.elf"), Path.GetFullPath(program));
            Assert.Matches(@"^127\.0\.0\.1:\d+$", config.GetProperty("miDebuggerServerAddress").GetString());

            // The tasks run on a free port: the user's own F5 session may hold the configured one.
            int port = Qemu.FreePort();
            var start = Task(tasks, config.GetProperty("preLaunchTask").GetString());
            var stop = Task(tasks, config.GetProperty("postDebugTask").GetString());
            var (started, startOutput) = RunTask(start, port, TimeSpan.FromMinutes(10));
            Assert.True(started == 0, "preLaunchTask failed:\n" + startOutput);
            try
            {
                using var gdb = Attach(config, program, port);

                // A breakpoint set in the editor, before the kernel is loaded (GRUB has not run yet).
                string source = Path.Combine(Qemu.RepoRoot, "Kernel", "Boot", "KernelMain.cs");
                int line = Array.FindIndex(File.ReadAllLines(source), l => l.Contains("KernelConsole.Write(\"memory: \");")) + 1;
                Assert.True(line > 0, "marker line not found in KernelMain.cs");
                string bkpt = gdb.Command($"-break-insert -f \"{source}:{line}\"");
                Assert.Contains("^done,bkpt=", bkpt);

                Assert.Contains("^running", gdb.Command("-exec-continue"));
                string stopped = gdb.WaitFor("*stopped", TimeSpan.FromSeconds(120));
                Assert.Contains("reason=\"breakpoint-hit\"", stopped);
                Assert.Contains($"line=\"{line}\"", stopped);

                // Call stack with C# names (frame filters), ending at the entry.
                string stack = gdb.Command("-stack-list-frames");
                Assert.Contains("func=\"KernelMain.PrintBanner\"", stack);
                Assert.Contains("func=\"KernelMain.Start\"", stack);
                Assert.DoesNotContain("level=\"4\"", stack);

                // Variables and Watch: varobjs through the pretty-printers.
                Assert.Contains("name=\"heapBytes\"", gdb.Command("-stack-list-variables --simple-values"));
                string machine = gdb.Command("-var-create - * \"machine\"");                       // static type: abstract Machine
                Assert.Contains("value=\"{Veridian.Plugs.X64.X64Machine}\"", machine);
                string boot = VarName(gdb.Command("-var-create - * \"boot\""));
                string bootChildren = gdb.Command($"-var-list-children --all-values {boot}");
                Assert.Contains("exp=\"MemoryMap\"", bootChildren);
                Assert.Contains("displayhint=\"array\"", bootChildren);
                string regions = gdb.Command($"-var-list-children --all-values {boot}.MemoryMap");
                Assert.Matches(@"^\d+\^done,numchild=""[3-9]"",displayhint=""array"",children=\[child=\{name=""[^""]+"",exp=""\[0\]""", regions);
                string sinks = VarName(gdb.Command("-var-create - * \"Veridian_KernelImage_Veridian_Kernel_Console_KernelConsole::s_sinks\""));
                string sinkList = gdb.Command($"-var-list-children --all-values {sinks}");
                Assert.Contains("numchild=\"4\"", sinkList);
                Assert.Contains("exp=\"[2]\",numchild=\"0\",value=\"null\"", sinkList);
                Assert.Contains("exp=\"_base\",numchild=\"0\",value=\"1016\"", gdb.Command($"-var-list-children --all-values {sinks}.[0]"));
                string watch = gdb.Command("-var-create - * \"Veridian_KernelImage_Veridian_Kernel_Console_KernelConsole::s_count\"");
                Assert.Contains("value=\"2\"", watch);

                // Step over one line.
                Assert.Contains("^running", gdb.Command("-exec-next"));
                string stepped = gdb.WaitFor("*stopped", TimeSpan.FromSeconds(60));
                Assert.Contains("reason=\"end-stepping-range\"", stepped);
                Assert.Contains($"line=\"{line + 1}\"", stepped);
                gdb.Command("kill");
            }
            finally
            {
                RunTask(stop, port, TimeSpan.FromMinutes(1));
                KillIfRunning(Path.Combine(Qemu.OutputDir("Debug"), $"qemu-{port}.pid"));
            }
        }

        [Fact]
        public void Vscode_launch_configuration_stops_on_an_editor_breakpoint_in_a_user_program_through_gdb_mi()
        {
            using var launch = VscodeJson("launch.json");
            using var tasks = VscodeJson("tasks.json");
            var config = launch.RootElement.GetProperty("configurations")[0];
            string program = Expand(config.GetProperty("program").GetString());
            int port = Qemu.FreePort();
            var start = Task(tasks, config.GetProperty("preLaunchTask").GetString());
            var stop = Task(tasks, config.GetProperty("postDebugTask").GetString());
            var (started, startOutput) = RunTask(start, port, TimeSpan.FromMinutes(10));
            Assert.True(started == 0, "preLaunchTask failed:\n" + startOutput);
            try
            {
                // The serial console debug.sh --server put on a unix socket (./debug.sh --console types into it).
                using var console = new SerialConsole(Path.Combine(Qemu.OutputDir("Debug"), $"serial-{port}.sock"));
                using var gdb = Attach(config, program, port);

                // An editor breakpoint in a user program's source, then the program started from the shell.
                string source = Path.Combine(Qemu.RepoRoot, "Programs", "hello", "Hello.cs");
                int line = Array.FindIndex(File.ReadAllLines(source), l => l.Contains("Console.WriteDecimal(args.Length);")) + 1;
                Assert.True(line > 0, "marker line not found in Hello.cs");
                Assert.Contains("^done,bkpt=", gdb.Command($"-break-insert -f \"{source}:{line}\""));
                Assert.Contains("^running", gdb.Command("-exec-continue"));
                Assert.True(console.WaitFor("veridian$ ", 180), "no shell prompt:\n" + console.Output);
                console.Send("hello a b\r");
                string stopped = gdb.WaitFor("*stopped", TimeSpan.FromSeconds(120));
                Assert.Contains("reason=\"breakpoint-hit\"", stopped);
                Assert.Contains($"line=\"{line}\"", stopped);

                string stack = gdb.Command("-stack-list-frames");
                Assert.Contains("func=\"Hello.Main\"", stack);
                Assert.Contains("func=\"Process.Start\"", stack);
                string args = VarName(gdb.Command("-var-create - * \"args\""));
                string items = gdb.Command($"-var-list-children --all-values {args}");
                Assert.Contains("numchild=\"3\"", items);
                Assert.Contains("exp=\"[2]\",numchild=\"0\",value=\"\\\"b\\\"\"", items);

                // Step over one line. The breakpoint goes first: a ring-3 step that enters the kernel
                // (an interrupt or fault taken on the breakpoint's own instruction) comes back to that
                // instruction, and gdb then reports the breakpoint again instead of the step's end
                // (seen once in CI; docs/debugging.md "Known rough edges").
                Assert.Contains("^done", gdb.Command("-break-delete"));
                Assert.Contains("^running", gdb.Command("-exec-next"));
                string stepped = gdb.WaitFor("*stopped", TimeSpan.FromSeconds(60));
                Assert.True(stepped.Contains("reason=\"end-stepping-range\"") && stepped.Contains($"line=\"{line + 1}\""),
                    "the step did not end on the next line:\n" + gdb.Transcript);
                gdb.Command("kill");
            }
            finally
            {
                RunTask(stop, port, TimeSpan.FromMinutes(1));
                KillIfRunning(Path.Combine(Qemu.OutputDir("Debug"), $"qemu-{port}.pid"));
            }
        }

        private static JsonDocument VscodeJson(string name) =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(Qemu.RepoRoot, ".vscode", name)),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        /// <summary>
        /// gdb/MI as cppdbg starts it from the launch configuration: the debugger and its
        /// arguments, every setupCommand (a failure counts unless it says ignoreFailures), the
        /// program's symbols, the remote target.
        /// </summary>
        private static MiSession Attach(JsonElement config, string program, int port)
        {
            var gdb = new MiSession(config.GetProperty("miDebuggerPath").GetString(),
                (config.TryGetProperty("miDebuggerArgs", out var extra) ? extra.GetString() + " " : "") + "--interpreter=mi2");
            foreach (var setup in config.GetProperty("setupCommands").EnumerateArray())
            {
                string reply = gdb.Command(Expand(setup.GetProperty("text").GetString()));
                bool mayFail = setup.TryGetProperty("ignoreFailures", out var ignore) && ignore.GetBoolean();
                Assert.True(mayFail || reply.Contains("^done"), $"setup command failed: {setup}\n{gdb.Transcript}");
            }
            Assert.Contains("^done", gdb.Command($"-file-exec-and-symbols \"{program}\""));
            Assert.Contains("^connected", gdb.Command($"-target-select remote 127.0.0.1:{port}"));
            return gdb;
        }

        /// <summary>A client of QEMU's serial port on a unix socket: what it printed, and typing.</summary>
        private sealed class SerialConsole : IDisposable
        {
            private readonly System.Net.Sockets.Socket _socket =
                new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            private readonly System.Text.StringBuilder _output = new System.Text.StringBuilder();

            public SerialConsole(string path)
            {
                _socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
                new System.Threading.Thread(() =>
                {
                    var buffer = new byte[4096];
                    try
                    {
                        int n;
                        while ((n = _socket.Receive(buffer)) > 0)
                            lock (_output) _output.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, n));
                    }
                    catch (System.Net.Sockets.SocketException) { }
                    catch (ObjectDisposedException) { }
                }) { IsBackground = true }.Start();
            }

            public string Output { get { lock (_output) return _output.ToString(); } }

            public bool WaitFor(string text, int timeoutSeconds)
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < timeoutSeconds)
                {
                    if (Output.Contains(text)) return true;
                    System.Threading.Thread.Sleep(50);
                }
                return false;
            }

            public void Send(string text) => _socket.Send(System.Text.Encoding.Latin1.GetBytes(text));

            public void Dispose() => _socket.Dispose();
        }

        private static string VarName(string reply)
        {
            var m = Regex.Match(reply, "\\^done,name=\"([^\"]+)\"");
            Assert.True(m.Success, "no varobj created: " + reply);
            return m.Groups[1].Value;
        }

        private static string Expand(string s) => s.Replace("${workspaceFolder}", Qemu.RepoRoot);

        private static JsonElement Task(JsonDocument tasks, string label)
        {
            foreach (var t in tasks.RootElement.GetProperty("tasks").EnumerateArray())
                if (t.GetProperty("label").GetString() == label) return t;
            throw new InvalidOperationException($"tasks.json has no task \"{label}\"");
        }

        /// <summary>A shell task as VS Code runs it, with its --port argument set to <paramref name="port"/>.</summary>
        private static (int, string) RunTask(JsonElement task, int port, TimeSpan timeout)
        {
            Assert.Equal("shell", task.GetProperty("type").GetString());
            var args = task.TryGetProperty("args", out var a) ? a.EnumerateArray().Select(x => Expand(x.GetString())).ToList() : new List<string>();
            int p = args.IndexOf("--port");
            Assert.True(p >= 0 && p + 1 < args.Count, "the task names its port: " + task);
            args[p + 1] = port.ToString();
            string cwd = Expand(task.GetProperty("options").GetProperty("cwd").GetString());
            string command = Path.GetFullPath(Path.Combine(cwd, Expand(task.GetProperty("command").GetString())));
            return Qemu.Run("bash", $"\"{command}\" " + string.Join(" ", args.Select(x => $"\"{x}\"")), timeout);
        }

        private static void KillIfRunning(string pidfile)
        {
            if (!File.Exists(pidfile)) return;
            if (int.TryParse(File.ReadAllText(pidfile).Trim(), out int pid))
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            File.Delete(pidfile);
        }

        /// <summary>gdb --interpreter=mi2: tokened commands, their result records, async records.</summary>
        private sealed class MiSession : IDisposable
        {
            private readonly Process _gdb;
            private readonly BlockingCollection<string> _lines = new BlockingCollection<string>();
            private readonly System.Text.StringBuilder _transcript = new System.Text.StringBuilder();
            private int _token = 100;

            public MiSession(string gdb, string args)
            {
                _gdb = Process.Start(new ProcessStartInfo(gdb, args)
                {
                    UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                })!;
                _gdb.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (_transcript) _transcript.AppendLine(e.Data); _lines.Add(e.Data); } };
                _gdb.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_transcript) _transcript.AppendLine("stderr: " + e.Data); };
                _gdb.BeginOutputReadLine();
                _gdb.BeginErrorReadLine();
            }

            public string Transcript { get { lock (_transcript) return _transcript.ToString(); } }

            /// <summary>Sends one command (MI or CLI, as cppdbg does) and returns its result record.</summary>
            public string Command(string command, int timeoutSeconds = 60)
            {
                string token = (_token++).ToString();
                lock (_transcript) _transcript.AppendLine("> " + token + command);
                _gdb.StandardInput.WriteLine(token + command);
                _gdb.StandardInput.Flush();
                return WaitFor(token + "^", TimeSpan.FromSeconds(timeoutSeconds));
            }

            public string WaitFor(string prefix, TimeSpan timeout)
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < timeout)
                {
                    if (_lines.TryTake(out string line, TimeSpan.FromMilliseconds(200)) && line.StartsWith(prefix, StringComparison.Ordinal))
                        return line;
                    if (_gdb.HasExited && _lines.Count == 0) break;
                }
                throw new TimeoutException($"gdb/MI: no \"{prefix}\" within {timeout.TotalSeconds} s\n{Transcript}");
            }

            public void Dispose()
            {
                try { _gdb.StandardInput.WriteLine("-gdb-exit"); _gdb.StandardInput.Flush(); } catch (IOException) { }
                if (!_gdb.WaitForExit(5000)) _gdb.Kill(entireProcessTree: true);
                _gdb.WaitForExit();
                _gdb.Dispose();
            }
        }
    }
}
