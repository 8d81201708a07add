using System.Text;
using Veridian.Kernel;
using Veridian.Kernel.Console;
using Veridian.Kernel.Diagnostics;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// The in-kernel service self-tests (run under QEMU with 'selftest') also run here, over the
    /// simulated platform, so their syscalls (built with the generated SyscallFrames) are checked
    /// by every host test run. Shares the static KernelConsole, hence the collection.
    /// </summary>
    [Collection("KernelConsole")]
    public class ServiceSelfTestsOnHost
    {
        private sealed class Recorder : TextSink
        {
            public readonly StringBuilder Text = new();
            public override void Write(char c) => Text.Append(c);
        }

        [Fact]
        public void The_service_self_tests_pass_over_the_simulated_platform()
        {
            var kernel = new KernelServices(new SimulatedPlatform(4096), KernelConfig.Default);
            var recorder = new Recorder();
            KernelConsole.DetachAll();
            KernelConsole.Attach(recorder);
            try
            {
                ServiceSelfTests.Run(kernel);
            }
            finally
            {
                KernelConsole.DetachAll();
            }
            string text = recorder.Text.ToString();
            Assert.Contains("services: IPC send and receive ... ok", text);
            Assert.Contains("services: SYS_MUNMAP frees the frames, then the pointer is refused ... ok", text);
            Assert.DoesNotContain("FAILED", text);
        }
    }
}
