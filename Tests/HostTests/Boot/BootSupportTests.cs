using System;
using System.Text;
using Veridian.Kernel.Boot;
using Veridian.Kernel.Console;
using Veridian.Kernel.Diagnostics;
using Xunit;

namespace Veridian.Tests.Boot
{
    [Collection("KernelConsole")]
    public sealed class BootSupportTests
    {
        private static byte[] A(string s) => Encoding.ASCII.GetBytes(s);

        [Fact]
        public void Command_line_flags_and_values()
        {
            var line = A("  selftest  panic=fault root=/dev/x selftests ");
            Assert.True(CommandLine.HasFlag(line, "selftest"));
            Assert.False(CommandLine.HasFlag(line, "self"));
            Assert.Equal("fault", Encoding.ASCII.GetString(CommandLine.GetValue(line, "panic")));
            Assert.Equal("/dev/x", Encoding.ASCII.GetString(CommandLine.GetValue(line, "root")));
            Assert.True(CommandLine.GetValue(line, "missing").IsEmpty);
            Assert.False(CommandLine.HasFlag(ReadOnlySpan<byte>.Empty, "selftest"));
        }

        [Theory]
        [InlineData(0UL, "0")]
        [InlineData(7UL, "7")]
        [InlineData(1234567890UL, "1234567890")]
        [InlineData(ulong.MaxValue, "18446744073709551615")]
        public void Decimal_formatting(ulong value, string expected)
        {
            Span<char> buffer = stackalloc char[20];
            int n = NumberFormat.FormatDecimal(value, buffer);
            Assert.Equal(expected, buffer.Slice(0, n).ToString());
        }

        [Theory]
        [InlineData(0UL, 1, "0")]
        [InlineData(0xABCUL, 1, "abc")]
        [InlineData(0xABCUL, 8, "00000abc")]
        [InlineData(ulong.MaxValue, 4, "ffffffffffffffff")]
        public void Hex_formatting(ulong value, int minDigits, string expected)
        {
            Span<char> buffer = stackalloc char[16];
            int n = NumberFormat.FormatHex(value, minDigits, buffer);
            Assert.Equal(expected, buffer.Slice(0, n).ToString());
        }

        [Fact]
        public void Symbol_lookup_finds_the_enclosing_symbol()
        {
            var table = SymbolTable.Parse(A("0000000000100000 _start\n0000000000100200 kmain\nnot a symbol line\n0000000000100400 Kernel_Foo__Bar\n"));
            Assert.Equal(3, table.Count);
            int i = table.Lookup(0x100250, out ulong offset);
            Assert.Equal("kmain", Encoding.ASCII.GetString(table.Name(i)));
            Assert.Equal(0x50UL, offset);
            Assert.Equal(2, table.Lookup(0xFFFFFFFF, out _));
            Assert.Equal(-1, table.Lookup(0x1000, out _));
        }

        [Fact]
        public void Exception_type_names_lose_the_mangling_and_assembly_prefix()
        {
            Assert.Equal("System_InvalidOperationException",
                Encoding.ASCII.GetString(Panic.TypeNameOf(A("_ZTV49Veridian_Runtime_System_InvalidOperationException"))));
            Assert.Equal("Veridian_Kernel_Foo",
                Encoding.ASCII.GetString(Panic.TypeNameOf(A("_ZTV40Veridian_KernelImage_Veridian_Kernel_Foo"))));
        }

        private sealed class Recorder : TextSink
        {
            public readonly StringBuilder Text = new();
            public override void Write(char c) => Text.Append(c);
        }

        [Fact]
        public void Console_writes_every_sink_and_prints_numbers()
        {
            var a = new Recorder();
            var b = new Recorder();
            KernelConsole.DetachAll();
            KernelConsole.Attach(a);
            KernelConsole.Attach(b);
            KernelConsole.Write("n=");
            KernelConsole.WriteSigned(-42);
            KernelConsole.Write(' ');
            KernelConsole.WriteHex(0xBEEF, 8);
            KernelConsole.WriteAscii(A(" ok\x01"));
            KernelConsole.DetachAll();
            Assert.Equal("n=-42 0x0000beef ok?", a.Text.ToString());
            Assert.Equal(a.Text.ToString(), b.Text.ToString());
        }
    }
}
