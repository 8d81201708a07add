using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Veridian.BootTests
{
    /// <summary>
    /// Reads text back from a screendump of the kernel's framebuffer console (8×16 cells, light
    /// grey 0xC0C0C0 glyphs, FramebufferConsole). There is no font in the test: the glyph of each
    /// character is learned from the screen itself, from rows whose text is known from the serial
    /// port (the kernel's banner and the shell's greeting, which both consoles print alike); other
    /// rows are then decoded cell by cell, an unlearned glyph as '?'.
    /// </summary>
    internal static class ScreenText
    {
        private const int CellWidth = 8, CellHeight = 16;

        /// <summary>Takes a screendump through the session's monitor; (width, height, rgb), or width 0 if none came.</summary>
        public static (int Width, int Height, byte[] Rgb) Screendump(ShellSession s)
        {
            string dump = Path.Combine(Path.GetTempPath(), "veridian-screen-" + Guid.NewGuid().ToString("N") + ".ppm");
            try
            {
                s.Monitor("screendump " + dump);
                for (int i = 0; i < 100 && !Qemu.ScreendumpComplete(dump); i++) Thread.Sleep(100);
                if (!Qemu.ScreendumpComplete(dump)) return (0, 0, Array.Empty<byte>());
                return Qemu.ReadPpm(File.ReadAllBytes(dump));
            }
            finally
            {
                if (File.Exists(dump)) File.Delete(dump);
            }
        }

        private static string Cell(byte[] rgb, int width, int column, int row)
        {
            var bits = new char[CellWidth * CellHeight];
            for (int y = 0; y < CellHeight; y++)
                for (int x = 0; x < CellWidth; x++)
                {
                    int i = ((row * CellHeight + y) * width + column * CellWidth + x) * 3;
                    bits[y * CellWidth + x] = rgb[i] == 0xC0 && rgb[i + 1] == 0xC0 && rgb[i + 2] == 0xC0 ? '1' : '0';
                }
            return new string(bits);
        }

        /// <summary>
        /// Every text row of the screen, decoded with glyphs learned from <paramref name="knownLines"/>,
        /// the first lines the kernel printed (row 0 = knownLines[0]), and from the row after them,
        /// of which only its first characters are known (<paramref name="nextRowPrefix"/>: the prompt).
        /// </summary>
        public static string[] Rows(byte[] rgb, int width, int height, IReadOnlyList<string> knownLines, string nextRowPrefix = "")
        {
            int columns = width / CellWidth, rows = height / CellHeight;
            var glyphs = new Dictionary<string, char>();
            for (int c = 0; c < nextRowPrefix.Length && knownLines.Count < rows; c++)
                glyphs.TryAdd(Cell(rgb, width, c, knownLines.Count), nextRowPrefix[c]);
            for (int r = 0; r < knownLines.Count && r < rows; r++)
            {
                string line = knownLines[r];
                for (int c = 0; c < columns; c++)
                    glyphs.TryAdd(Cell(rgb, width, c, r), c < line.Length ? line[c] : ' ');
            }
            var text = new string[rows];
            for (int r = 0; r < rows; r++)
            {
                var chars = new char[columns];
                for (int c = 0; c < columns; c++)
                    chars[c] = glyphs.TryGetValue(Cell(rgb, width, c, r), out char ch) ? ch : '?';
                text[r] = new string(chars).TrimEnd();
            }
            return text;
        }

        /// <summary>The serial output's lines from the kernel's banner on, carriage returns removed: what the screen shows from row 0.</summary>
        public static List<string> KernelLines(string serial)
        {
            int start = serial.IndexOf("VeridianOS for .NET", StringComparison.Ordinal);
            return serial.Substring(Math.Max(start, 0)).Replace("\r", "").Split('\n').ToList();
        }
    }
}
