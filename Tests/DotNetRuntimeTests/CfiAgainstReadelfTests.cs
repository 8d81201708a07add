using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Veridian.DotNetRuntime.Exceptions;
using Xunit;

namespace Veridian.DotNetRuntimeTests
{
    /// <summary>
    /// The .eh_frame_hdr lookup and the CFA interpreter (Programs/DotNetRuntime/Exceptions/
    /// EhFrame.cs, Cfi.cs) against binutils: for every FDE of EhHarness's NativeAOT program
    /// (ILC's managed code, the native runtime's C++ and assembly), each row `readelf
    /// --debug-dump=frames-interp` prints must be what Fde.Find + CfaRow.Compute give at that
    /// address: the FDE's range, the CFA rule, and where every register readelf lists is saved.
    /// </summary>
    [Collection(EhHarnessFixture.Collection)]
    public sealed unsafe class CfiAgainstReadelfTests
    {
        readonly EhHarnessFixture _h;
        public CfiAgainstReadelfTests(EhHarnessFixture h) => _h = h;

        static readonly string[] DwarfNames = { "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "ra" };

        [Fact]
        public void Every_row_of_every_fde_matches_readelf()
        {
            byte[] image = File.ReadAllBytes(_h.AotProgram);
            var (hdrOffset, hdrAddress) = Section(_h.AotProgram, ".eh_frame_hdr");
            string dump = EhHarnessFixture.Run("readelf", $"--debug-dump=frames-interp \"{_h.AotProgram}\"", 120_000, withStderr: false).Output;
            var fdes = ParseReadelf(dump);
            Assert.True(fdes.Count > 1000, "expected thousands of FDEs, got " + fdes.Count);
            int rows = 0;
            fixed (byte* file = image)
            {
                // The loaded image keeps each segment's bytes at (address - delta) in the file;
                // .eh_frame_hdr, .eh_frame and the code pointers they make are all relative, so
                // code addresses found through the file copy are shifted by the same amount.
                long shift = (long)file + (long)hdrOffset - (long)hdrAddress;
                foreach (var f in fdes)
                {
                    foreach (var row in f.Rows)
                    {
                        Assert.True(Fde.Find(file + hdrOffset, (ulong)((long)row.Loc + shift), out Fde fde), $"no FDE for {row.Loc:x}");
                        Assert.Equal(f.Start, (ulong)((long)fde.Start - shift));
                        Assert.Equal(f.End, (ulong)((long)fde.End - shift));
                        Assert.True(CfaRow.Compute(ref fde, (ulong)((long)row.Loc + shift), out CfaRow r), $"CFA program failed at {row.Loc:x}");
                        Assert.Equal(row.CfaRegister, r.CfaRegister);
                        Assert.Equal(row.CfaOffset, r.CfaOffset);
                        foreach (var (reg, offset) in row.Saved)
                        {
                            if (offset is long o)
                            {
                                Assert.Equal(CfaRow.Offset, r.Rule[reg]);
                                Assert.Equal(o, r.Value[reg]);
                            }
                            else
                                Assert.NotEqual(CfaRow.Offset, r.Rule[reg]);
                        }
                        rows++;
                    }
                }
            }
            Assert.True(rows > fdes.Count);
        }

        sealed class ReadelfFde { public ulong Start, End; public List<ReadelfRow> Rows = new(); }
        sealed class ReadelfRow { public ulong Loc; public int CfaRegister; public long CfaOffset; public List<(int, long?)> Saved = new(); }

        /// <summary>FDEs whose rows readelf can state plainly (CFA = register + offset, registers at c±n or u).</summary>
        static List<ReadelfFde> ParseReadelf(string dump)
        {
            var result = new List<ReadelfFde>();
            var fdeLine = new Regex(@"FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)");
            string[] lines = dump.Split('\n');
            bool inEhFrame = false;         // readelf also dumps .debug_frame, which the runtime never reads
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("Contents of the "))
                    inEhFrame = lines[i].StartsWith("Contents of the .eh_frame section");
                if (!inEhFrame)
                    continue;
                var m = fdeLine.Match(lines[i]);
                if (!m.Success || i + 1 >= lines.Length || !lines[i + 1].TrimStart().StartsWith("LOC"))
                    continue;
                var fde = new ReadelfFde { Start = ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber), End = ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber) };
                string[] columns = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool plain = fde.End > fde.Start;
                for (i += 2; i < lines.Length && lines[i].Trim().Length > 0; i++)
                {
                    string[] cells = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var row = new ReadelfRow { Loc = ulong.Parse(cells[0], NumberStyles.HexNumber) };
                    var cfa = Regex.Match(cells[1], @"^([a-z0-9]+)\+(\d+)$");
                    if (!cfa.Success || Array.IndexOf(DwarfNames, cfa.Groups[1].Value) < 0) { plain = false; continue; }
                    row.CfaRegister = Array.IndexOf(DwarfNames, cfa.Groups[1].Value);
                    row.CfaOffset = long.Parse(cfa.Groups[2].Value);
                    for (int c = 2; c < columns.Length && c < cells.Length; c++)
                    {
                        int reg = Array.IndexOf(DwarfNames, columns[c]);
                        if (reg < 0) { plain = false; break; }
                        if (cells[c] == "u") row.Saved.Add((reg, null));
                        else if (cells[c].StartsWith("c")) row.Saved.Add((reg, long.Parse(cells[c].Substring(1))));
                        else plain = false;                     // in a register, an expression: not what ILC emits
                    }
                    fde.Rows.Add(row);
                }
                if (plain && fde.Rows.Count > 0)
                    result.Add(fde);
            }
            return result;
        }

        /// <summary>A section's file offset and address (readelf -S).</summary>
        static (ulong Offset, ulong Address) Section(string elf, string name)
        {
            string text = EhHarnessFixture.Run("readelf", $"-W -S \"{elf}\"", 60_000, withStderr: false).Output;
            foreach (string line in text.Split('\n'))
            {
                string[] f = line.Replace("[ ", "[").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                int at = Array.IndexOf(f, name);
                if (at > 0 && f.Length > at + 3)
                    return (ulong.Parse(f[at + 3], NumberStyles.HexNumber), ulong.Parse(f[at + 2], NumberStyles.HexNumber));
            }
            throw new InvalidOperationException(name + " not in " + elf);
        }
    }
}
