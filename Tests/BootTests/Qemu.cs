using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Veridian.BootTests
{
    /// <summary>What one boot printed and how it ended.</summary>
    public sealed class BootResult
    {
        public int ExitCode { get; init; }
        public bool TimedOut { get; init; }
        public bool MarkerSeen { get; init; }
        public string Serial { get; init; } = "";
        public override string ToString() => $"exit={ExitCode} timedOut={TimedOut} marker={MarkerSeen}\n--- serial ---\n{Serial}";
    }

    /// <summary>Builds per-test ISOs and boots them in QEMU (TCG), always bounded, always killed.</summary>
    public static class Qemu
    {
        /// <summary>isa-debug-exit turns the kernel's code N into exit status N*2+1.</summary>
        public const int SelfTestPassExit = (0x10 << 1) | 1;
        public const int SelfTestFailExit = (0x11 << 1) | 1;

        public static string RepoRoot { get; } = FindRepoRoot();
        /// <summary>The configuration this test assembly was built with (Debug or Release): the kernel it tests.</summary>
        public static string Configuration { get; } = FindConfiguration();
        /// <summary>Where the build puts this configuration's kernel.elf, kernel.sym and veridian.iso.</summary>
        public static string KernelDir => OutputDir(Configuration);
        public static string OutputDir(string configuration) => Path.Combine(RepoRoot, "iso", "out", configuration);
        public static string KernelElf => Path.Combine(KernelDir, "kernel.elf");
        public const string Ovmf = "/usr/share/ovmf/OVMF.fd";

        private static string FindConfiguration()
        {
            foreach (var a in typeof(Qemu).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false))
                if (a is System.Reflection.AssemblyMetadataAttribute m && m.Key == "VeridianConfiguration") return m.Value;
            throw new InvalidOperationException("BootTests.csproj did not record its build configuration");
        }

        private static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Veridian.Cosmos.sln"))) return dir.FullName;
            throw new InvalidOperationException("Veridian.Cosmos.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>An ISO of this configuration's kernel with the given kernel command line.</summary>
        public static string MakeIso(string commandLine)
        {
            if (!File.Exists(KernelElf)) throw new InvalidOperationException("No kernel at " + KernelElf + ": the build did not produce one.");
            string dir = Directory.CreateTempSubdirectory("veridian-iso-").FullName;
            string iso = Path.Combine(dir, "veridian.iso");
            var (code, output) = Run("bash", $"\"{Path.Combine(RepoRoot, "iso", "make-iso.sh")}\" \"{KernelDir}\" \"{iso}\" {commandLine}", TimeSpan.FromSeconds(120));
            if (code != 0) throw new InvalidOperationException("make-iso.sh failed:\n" + output);
            return iso;
        }

        /// <summary>
        /// Boots <paramref name="iso"/> and returns when QEMU exits, when <paramref name="untilMarker"/>
        /// appears on the serial port (QEMU is then killed), or at the timeout (killed too).
        /// </summary>
        public static BootResult Boot(string iso, bool uefi = false, string memory = "256M", string untilMarker = null,
                                      int timeoutSeconds = 120, string extraArguments = "")
        {
            string serialLog = Path.Combine(Path.GetDirectoryName(iso)!, $"serial-{Guid.NewGuid():N}.log");
            string args = $"-accel tcg -cpu max -m {memory} -cdrom \"{iso}\" -display none -monitor none " +
                          $"-serial file:\"{serialLog}\" -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 " +
                          (uefi ? $"-bios {Ovmf} " : "") + extraArguments;
            using var qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64", args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            qemu.OutputDataReceived += (_, _) => { };
            qemu.ErrorDataReceived += (_, _) => { };
            qemu.BeginOutputReadLine();
            qemu.BeginErrorReadLine();

            var clock = Stopwatch.StartNew();
            bool timedOut = false, markerSeen = false;
            try
            {
                while (!qemu.WaitForExit(100))
                {
                    if (untilMarker != null && ReadShared(serialLog).Contains(untilMarker)) { markerSeen = true; break; }
                    if (clock.Elapsed.TotalSeconds > timeoutSeconds) { timedOut = true; break; }
                }
            }
            finally
            {
                if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
                qemu.WaitForExit();
            }
            string serial = ReadShared(serialLog);
            if (untilMarker != null && serial.Contains(untilMarker)) markerSeen = true;
            return new BootResult { ExitCode = qemu.ExitCode, TimedOut = timedOut, MarkerSeen = markerSeen, Serial = serial };
        }

        /// <summary>
        /// Boots to <paramref name="untilMarker"/> and then takes a screendump through QEMU's monitor:
        /// what the screen console drew, as (width, height, RGB bytes). QEMU is killed afterwards.
        /// </summary>
        public static (BootResult Boot, int Width, int Height, byte[] Rgb) BootAndScreenshot(string iso, bool uefi, string untilMarker)
        {
            string dir = Path.GetDirectoryName(iso)!;
            string socket = Path.Combine(dir, "monitor.sock");
            string dump = Path.Combine(dir, "screen.ppm");
            string serialLog = Path.Combine(dir, "serial.log");
            string args = $"-accel tcg -cpu max -m 256M -cdrom \"{iso}\" -display none -serial file:\"{serialLog}\" " +
                          $"-monitor unix:{socket},server,nowait -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 " +
                          (uefi ? $"-bios {Ovmf}" : "");
            using var qemu = Process.Start(new ProcessStartInfo("qemu-system-x86_64", args)
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            try
            {
                var clock = Stopwatch.StartNew();
                while (!ReadShared(serialLog).Contains(untilMarker) && !qemu.HasExited && clock.Elapsed.TotalSeconds < 240)
                    Thread.Sleep(100);
                if (!qemu.HasExited && ReadShared(serialLog).Contains(untilMarker))
                {
                    using var monitor = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix,
                        System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    monitor.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socket));
                    monitor.Send(System.Text.Encoding.ASCII.GetBytes($"screendump {dump}\n"));
                    for (int i = 0; i < 100 && !ScreendumpComplete(dump); i++) Thread.Sleep(100);
                }
            }
            finally
            {
                if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
                qemu.WaitForExit();
            }
            var boot = new BootResult { ExitCode = qemu.ExitCode, Serial = ReadShared(serialLog), MarkerSeen = ReadShared(serialLog).Contains(untilMarker) };
            if (!ScreendumpComplete(dump)) return (boot, 0, 0, Array.Empty<byte>());
            var (w, h, rgb) = ReadPpm(File.ReadAllBytes(dump));
            return (boot, w, h, rgb);
        }

        internal static bool ScreendumpComplete(string path)
        {
            if (!File.Exists(path)) return false;
            try { var (w, h, rgb) = ReadPpm(File.ReadAllBytes(path)); return rgb.Length == w * h * 3 && w > 0; }
            catch (FormatException) { return false; }
        }

        /// <summary>A binary PPM (P6, maxval 255) as QEMU's screendump writes it.</summary>
        public static (int Width, int Height, byte[] Rgb) ReadPpm(byte[] file)
        {
            int at = 0;
            string Next()
            {
                while (at < file.Length && char.IsWhiteSpace((char)file[at])) at++;
                int start = at;
                while (at < file.Length && !char.IsWhiteSpace((char)file[at])) at++;
                return System.Text.Encoding.ASCII.GetString(file, start, at - start);
            }
            if (Next() != "P6") throw new FormatException("not a P6 PPM");
            if (!int.TryParse(Next(), out int w) || !int.TryParse(Next(), out int h) || Next() != "255") throw new FormatException("bad PPM header");
            at++;
            if (file.Length - at < w * h * 3) throw new FormatException("truncated PPM");
            return (w, h, file.AsSpan(at, w * h * 3).ToArray());
        }

        public static string ReadShared(string path)
        {
            if (!File.Exists(path)) return "";
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Replace("\r", "");
        }

        public static (int Code, string Output) Run(string file, string args, TimeSpan timeout)
        {
            using var p = Process.Start(new ProcessStartInfo(file, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = new System.Text.StringBuilder();
            p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            if (!p.WaitForExit((int)timeout.TotalMilliseconds))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return (-1, output + "\n(timed out)");
            }
            p.WaitForExit();
            return (p.ExitCode, output.ToString());
        }

        /// <summary>A TCP port nobody is listening on, for QEMU's GDB stub.</summary>
        public static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>Boots share two cores under software emulation: run them one at a time.</summary>
    [Xunit.CollectionDefinition("qemu", DisableParallelization = true)]
    public sealed class QemuCollection { }
}
