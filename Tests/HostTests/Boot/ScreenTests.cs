using System;
using System.IO;
using System.Runtime.InteropServices;
using Veridian.Kernel.Console;
using Xunit;

namespace Veridian.Tests.Boot
{
    public sealed unsafe class ScreenTests
    {
        // GRUB's font, installed with grub-common (tools/prereqs.sh); the ISO ships the same file.
        private static byte[] GrubFont() => File.ReadAllBytes("/usr/share/grub/ascii.pf2");

        [Fact]
        public void Reads_grubs_ascii_font()
        {
            Pf2Font font = Pf2Font.Parse(GrubFont());
            Assert.NotNull(font);
            Assert.Equal(8, font.CellWidth);
            Assert.Equal(16, font.CellHeight);
            Assert.True(font.TryGetGlyph('A', out Glyph a));
            int set = 0;
            for (int y = 0; y < a.Height; y++)
                for (int x = 0; x < a.Width; x++)
                    if (a.IsSet(x, y)) set++;
            Assert.InRange(set, 10, 60);
            Assert.True(font.TryGetGlyph('\u00e9', out _));          // unknown characters fall back to '?'
        }

        [Fact]
        public void Rejects_files_that_are_not_pf2()
        {
            Assert.Null(Pf2Font.Parse(new byte[3]));
            Assert.Null(Pf2Font.Parse(System.Text.Encoding.ASCII.GetBytes("FILE\0\0\0\u0004PFX2")));
            byte[] truncated = GrubFont().AsSpan(0, 200).ToArray();   // index cut short
            Assert.Null(Pf2Font.Parse(truncated));
        }

        [Fact]
        public void Draws_text_scrolls_and_clears()
        {
            const int width = 64, height = 48, pitch = width * 4;      // 8 columns, 3 rows
            byte* pixels = (byte*)NativeMemory.AllocZeroed(pitch * height);
            try
            {
                new Span<byte>(pixels, pitch * height).Fill(0x55);      // junk: the console clears it
                var console = new FramebufferConsole(pixels, pitch, width, height, 32, 16, 8, 0, Pf2Font.Parse(GrubFont()));
                Assert.Equal(8, console.Columns);
                Assert.Equal(3, console.Rows);
                Assert.Equal(0, LitPixels(pixels, pitch, 0, height));

                console.Write('H');
                int row0 = LitPixels(pixels, pitch, 0, 16);
                Assert.True(row0 > 10);
                Assert.Equal(0xC0C0C0u, MaxPixel(pixels, pitch, 0, 16));  // light grey in 0xRRGGBB

                console.Write('\n'); console.Write('\n'); console.Write('\n'); // scrolls one row
                Assert.Equal(0, LitPixels(pixels, pitch, 0, 16));          // 'H' scrolled off the top
            }
            finally
            {
                NativeMemory.Free(pixels);
            }
        }

        private static int LitPixels(byte* pixels, int pitch, int fromRow, int toRow)
        {
            int lit = 0;
            for (int y = fromRow; y < toRow; y++)
                for (int x = 0; x < pitch / 4; x++)
                    if (((uint*)(pixels + y * pitch))[x] != 0) lit++;
            return lit;
        }

        private static uint MaxPixel(byte* pixels, int pitch, int fromRow, int toRow)
        {
            uint max = 0;
            for (int y = fromRow; y < toRow; y++)
                for (int x = 0; x < pitch / 4; x++)
                    max = Math.Max(max, ((uint*)(pixels + y * pitch))[x]);
            return max;
        }
    }
}

namespace Veridian.Tests.Boot
{
    public sealed unsafe class TextBufferTests
    {
        [Fact]
        public void Writes_cells_wraps_and_scrolls()
        {
            const int width = 4, height = 2;
            ushort* cells = (ushort*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(width * height * 2);
            try
            {
                var console = new TextBufferConsole((ulong)cells, width, height, width * 2);
                Assert.Equal((ushort)0x0A20, cells[0]);                 // cleared to green-on-black spaces
                foreach (char c in "abcdef") console.Write(c);         // wraps after four columns
                Assert.Equal((ushort)(0x0A00 | 'a'), cells[0]);
                Assert.Equal((ushort)(0x0A00 | 'e'), cells[4]);
                console.Write('\n'); console.Write('x');               // scrolls: "ef" moves to the top row
                Assert.Equal((ushort)(0x0A00 | 'e'), cells[0]);
                Assert.Equal((ushort)(0x0A00 | 'x'), cells[4]);
                console.Write('\u00e9');                                 // non-ASCII prints as '?'
                Assert.Equal((ushort)(0x0A00 | '?'), cells[5]);
            }
            finally
            {
                System.Runtime.InteropServices.NativeMemory.Free(cells);
            }
        }
    }
}
