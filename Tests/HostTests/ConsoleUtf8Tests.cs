using System.Text;
using Veridian.Kernel.Console;
using Xunit;

namespace Veridian.HostTests
{
    /// <summary>User programs write UTF-8 to the console (real .NET's Console does); the kernel prints characters, never escape sequences.</summary>
    public sealed class ConsoleUtf8Tests
    {
        private static string Decode(byte[] bytes)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < bytes.Length;)
            {
                int n = KernelConsole.DecodeUtf8(bytes, i, out char c);
                Assert.InRange(n, 1, 4);
                sb.Append(c);
                i += n;
            }
            return sb.ToString();
        }

        [Fact]
        public void Utf8_text_decodes_to_its_characters()
        {
            Assert.Equal("caf\u00e9 na\u00efve \u00fcber \u20ac1", Decode(Encoding.UTF8.GetBytes("caf\u00e9 na\u00efve \u00fcber \u20ac1")));
            Assert.Equal("line\n\ttab\r", Decode(Encoding.UTF8.GetBytes("line\n\ttab\r")));
        }

        [Fact]
        public void Control_characters_escape_sequences_and_bad_bytes_print_as_question_marks()
        {
            Assert.Equal("?[2J", Decode(Encoding.ASCII.GetBytes("\u001b[2J")));
            Assert.Equal("?", Decode(new byte[] { 0x7F }));
            Assert.Equal("??", Decode(new byte[] { 0xC2, 0x9B }));          // C1 control (CSI) in UTF-8
            Assert.Equal("a??", Decode(new byte[] { (byte)'a', 0xE2, 0x82 })); // truncated at the end
            Assert.Equal("??", Decode(new byte[] { 0xC0, 0x80 }));          // overlong NUL
            Assert.Equal("???", Decode(new byte[] { 0xED, 0xA0, 0x80 }));   // a surrogate
            Assert.Equal("????", Decode(Encoding.UTF8.GetBytes("😀"))); // beyond the BMP
        }
    }
}
