using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Veridian.BootTests
{
    /// <summary>
    /// A user at the shell: QEMU with the serial port on a unix socket (typed bytes go in, the
    /// console comes out) and the monitor on another (sendkey for the PS/2 keyboard). Every wait
    /// is bounded; Dispose always kills QEMU.
    /// </summary>
    public sealed class ShellSession : IDisposable
    {
        public const string Prompt = "veridian$ ";

        private readonly Process _qemu;
        private readonly Socket _serial;
        private readonly Socket _monitor;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly Thread _reader;
        private readonly string _dir;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <param name="extraArgs">more QEMU arguments (the GDB stub: -gdb tcp:127.0.0.1:PORT -S).</param>
        public ShellSession(string iso, string memory = "256M", string extraArgs = "")
        {
            _dir = Directory.CreateTempSubdirectory("veridian-shell-").FullName;
            string serial = Path.Combine(_dir, "serial.sock"), monitor = Path.Combine(_dir, "monitor.sock");
            string args = $"-accel tcg -cpu max -m {memory} -cdrom \"{iso}\" -display none " +
                          $"-serial unix:{serial},server=on,wait=on -monitor unix:{monitor},server=on,wait=off " +
                          "-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 " + extraArgs;
            _qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64", args)
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            _qemu.OutputDataReceived += (_, _) => { };
            _qemu.ErrorDataReceived += (_, _) => { };
            _qemu.BeginOutputReadLine();
            _qemu.BeginErrorReadLine();
            _serial = Connect(serial);
            _monitor = Connect(monitor);
            _reader = new Thread(Read) { IsBackground = true };
            _reader.Start();
        }

        private Socket Connect(string path)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            for (int i = 0; ; i++)
            {
                try { s.Connect(new UnixDomainSocketEndPoint(path)); return s; }
                catch (SocketException) when (i < 100 && !_qemu.HasExited) { Thread.Sleep(100); }
            }
        }

        private void Read()
        {
            var buffer = new byte[4096];
            try
            {
                for (;;)
                {
                    int n = _serial.Receive(buffer);
                    if (n <= 0) return;
                    lock (_output) _output.Append(Encoding.Latin1.GetString(buffer, 0, n).Replace("\r", ""));
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }

        /// <summary>Everything the console printed so far (CR removed).</summary>
        public string Output { get { lock (_output) return _output.ToString(); } }

        public int Length { get { lock (_output) return _output.Length; } }

        public bool HasExited => _qemu.HasExited;
        public int ExitCode => _qemu.ExitCode;
        public TimeSpan Elapsed => _clock.Elapsed;

        /// <summary>Waits until the output from <paramref name="from"/> on contains <paramref name="text"/>; false at the timeout or if QEMU ended.</summary>
        public bool WaitFor(string text, int from = 0, int timeoutSeconds = 60)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < timeoutSeconds)
            {
                string o = Output;
                if (o.IndexOf(text, Math.Min(from, o.Length), StringComparison.Ordinal) >= 0) return true;
                if (_qemu.HasExited) return Output.IndexOf(text, Math.Min(from, Output.Length), StringComparison.Ordinal) >= 0;
                Thread.Sleep(20);
            }
            return false;
        }

        public void Send(string bytes) => _serial.Send(Encoding.Latin1.GetBytes(bytes));

        /// <summary>
        /// Types <paramref name="line"/> and Enter, waits for the next prompt, and returns what was
        /// printed in between (the echoed line included). Throws if the prompt does not come back.
        /// </summary>
        public string Run(string line, int timeoutSeconds = 60)
        {
            int from = Length;
            Send(line + "\r");
            return UntilPrompt(from, line, timeoutSeconds);
        }

        /// <summary>
        /// What was printed from <paramref name="from"/> up to the prompt that ends the output:
        /// the output must end with a prompt at the start of a line, after at least one newline,
        /// and stay so for 200 ms (the shell also prints its prompt when it shows an edited line).
        /// </summary>
        public string UntilPrompt(int from, string what, int timeoutSeconds = 60)
        {
            var clock = Stopwatch.StartNew();
            int stableLength = -1;
            var stable = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < timeoutSeconds && !_qemu.HasExited)
            {
                string o = Output;
                bool atPrompt = o.Length > from && o.EndsWith("\n" + Prompt, StringComparison.Ordinal)
                                && o.IndexOf('\n', from) >= 0 && o.IndexOf('\n', from) < o.Length - Prompt.Length;
                if (!atPrompt || o.Length != stableLength)
                {
                    stableLength = atPrompt ? o.Length : -1;
                    stable.Restart();
                }
                else if (stable.ElapsedMilliseconds >= 200)
                    return o.Substring(from, o.Length - Prompt.Length - from);
                Thread.Sleep(20);
            }
            throw new Xunit.Sdk.XunitException($"no prompt after '{what}' within {timeoutSeconds} s; console:\n{Output}");
        }

        /// <summary>A QEMU monitor command (sendkey, screendump …).</summary>
        public void Monitor(string command)
        {
            _monitor.Send(Encoding.ASCII.GetBytes(command + "\n"));
            Thread.Sleep(30);
        }

        /// <summary>Types <paramref name="text"/> on the PS/2 keyboard, key by key (a-z, 0-9, space, '-', Enter as '\r').</summary>
        public void TypeOnKeyboard(string text)
        {
            foreach (char c in text)
            {
                string key = c switch
                {
                    ' ' => "spc",
                    '\r' => "ret",
                    '-' => "minus",
                    _ when char.IsLetterOrDigit(c) => char.ToLowerInvariant(c).ToString(),
                    _ => throw new ArgumentException("no key for " + c),
                };
                Monitor("sendkey " + key);
            }
        }

        public bool WaitForExit(int timeoutSeconds) => _qemu.WaitForExit(timeoutSeconds * 1000);

        public void Dispose()
        {
            try { if (!_qemu.HasExited) _qemu.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _qemu.WaitForExit();
            _serial.Dispose();
            _monitor.Dispose();
            _qemu.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }
    }
}
