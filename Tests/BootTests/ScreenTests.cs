using Xunit;
using Veridian.Tests;

namespace Veridian.BootTests
{
    /// <summary>The screen console, read back from QEMU's screendump: text drawn by the kernel.</summary>
    [Tier(Tier.Boot)]
    [Collection("qemu")]
    public sealed class ScreenTests
    {
        private const string Idle = "kernel: initialisation complete";

        [Fact]
        public void Bios_screen_shows_the_kernel_console()
        {
            var (boot, width, height, rgb) = Qemu.BootAndScreenshot(Qemu.MakeIso(""), uefi: false, Idle);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("linear framebuffer", boot.Serial);
            Assert.True(width >= 640 && height >= 480, $"screendump {width}x{height}");
            // Light grey glyph pixels in the first rows (the banner), drawn by FramebufferConsole.
            Assert.True(CountPixels(rgb, (r, g, b) => r == 0xC0 && g == 0xC0 && b == 0xC0, width * 16 * 3) > 200);
        }

        [Fact]
        public void Uefi_framebuffer_shows_the_kernel_console()
        {
            var (boot, width, height, rgb) = Qemu.BootAndScreenshot(Qemu.MakeIso(""), uefi: true, Idle);

            Assert.True(boot.MarkerSeen, boot.ToString());
            Assert.Contains("linear framebuffer", boot.Serial);
            Assert.True(width >= 640 && height >= 480, $"screendump {width}x{height}");
            // Light grey glyph pixels in the first rows (the banner), drawn by FramebufferConsole.
            Assert.True(CountPixels(rgb, (r, g, b) => r == 0xC0 && g == 0xC0 && b == 0xC0, width * 16 * 3) > 200);
        }

        private static int CountPixels(byte[] rgb, System.Func<int, int, int, bool> match, int limitBytes = int.MaxValue)
        {
            int n = 0;
            for (int i = 0; i + 2 < rgb.Length && i < limitBytes; i += 3)
                if (match(rgb[i], rgb[i + 1], rgb[i + 2])) n++;
            return n;
        }
    }
}
