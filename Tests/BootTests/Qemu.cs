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
        public static string KernelDir => Path.Combine(RepoRoot, "iso", "out");
        public static string KernelElf => Path.Combine(KernelDir, "kernel.elf");
        public const string Ovmf = "/usr/share/ovmf/OVMF.fd";

        private static string FindRepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Veridian.Cosmos.sln"))) return dir.FullName;
            throw new InvalidOperationException("Veridian.Cosmos.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>An ISO of the last-built kernel with the given kernel command line.</summary>
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
