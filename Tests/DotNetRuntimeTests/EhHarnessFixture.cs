using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Veridian.DotNetRuntimeTests
{
    /// <summary>The tests that share one EhHarness build (xunit makes one fixture per collection).</summary>
    [Xunit.CollectionDefinition(EhHarnessFixture.Collection)]
    public sealed class EhHarnessCollection : Xunit.ICollectionFixture<EhHarnessFixture> { }

    /// <summary>
    /// Builds EhHarness once per test run (EhHarness/build.sh: the JIT reference and the
    /// NativeAOT program whose exception handling is ours). About half a minute.
    /// </summary>
    public sealed class EhHarnessFixture : IDisposable
    {
        public const string Collection = "EhHarness";

        public string OutDir { get; }
        public string AotProgram => Path.Combine(OutDir, "ehtest");
        public string JitProgram => Path.Combine(OutDir, "jit", "EhHarness.dll");

        public EhHarnessFixture()
        {
            string version = typeof(EhHarnessFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .First(a => a.Key == "VeridianDotNetVersion").Value;
            string script = Path.Combine(SourceDir, "EhHarness", "build.sh");
            OutDir = Path.Combine(Path.GetTempPath(), "veridian-ehharness-" + Environment.ProcessId);
            var (code, output) = Run("bash", $"\"{script}\" \"{OutDir}\" {version}", 600_000);
            if (code != 0)
                throw new InvalidOperationException("EhHarness/build.sh failed:\n" + output);
        }

        public void Dispose()
        {
            try { Directory.Delete(OutDir, true); } catch (IOException) { }
        }

        static string SourceDir
        {
            get
            {
                string dir = AppContext.BaseDirectory;
                while (dir != null && !File.Exists(Path.Combine(dir, "DotNetRuntimeTests.csproj")))
                    dir = Path.GetDirectoryName(dir);
                return dir ?? throw new InvalidOperationException("DotNetRuntimeTests.csproj not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Runs a program; its exit code and standard output (standard error appended after a marker when asked).</summary>
        public static (int Code, string Output) Run(string file, string arguments, int timeoutMs, bool withStderr = true)
        {
            var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill(true);
                throw new TimeoutException(file + " " + arguments);
            }
            return (p.ExitCode, withStderr ? stdout + "\n--- stderr ---\n" + stderr.Result : stdout);
        }
    }
}
