// Text encodings, Base64, hex, a CRC-32 and a small hash table of our own, bit arrays.
using System.Collections;
using System.Text;
string text = "VeridianOS \u2014 caf\u00e9 \u00fc\u00df";
byte[] utf8 = Encoding.UTF8.GetBytes(text);
Console.WriteLine($"utf8 {utf8.Length} bytes, utf16 {Encoding.Unicode.GetByteCount(text)}, ascii '{Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(text))}'");
Console.WriteLine(Convert.ToHexString(utf8));
string b64 = Convert.ToBase64String(utf8);
Console.WriteLine($"{b64} -> round trip {Encoding.UTF8.GetString(Convert.FromBase64String(b64)) == text}");
Console.WriteLine("latin1: " + string.Join(" ", Encoding.Latin1.GetBytes("\u00e9\u00fc").Select(b => b.ToString("x2"))));
uint Crc32(byte[] data)
{
    uint crc = 0xFFFFFFFF;
    foreach (byte b in data)
    {
        crc ^= b;
        for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}
Console.WriteLine($"crc32('123456789') = {Crc32(Encoding.ASCII.GetBytes("123456789")):X8}");
var table = new (string Key, int Value)?[31];
int Slot(string k) { uint h = 2166136261; foreach (char c in k) h = (h ^ c) * 16777619; return (int)(h % 31); }
foreach (var (k, v) in new[] { ("alpha", 1), ("beta", 2), ("gamma", 3), ("delta", 4), ("alpha", 10) })
{
    int s = Slot(k);
    while (table[s] is { } e && e.Key != k) s = (s + 1) % 31;
    table[s] = (k, v);
}
Console.WriteLine("table: " + string.Join(" ", table.Select((e, i) => e is { } x ? $"{i}:{x.Key}={x.Value}" : null).Where(x => x != null)));
var bits = new BitArray(20);
for (int i = 0; i < 20; i += 3) bits[i] = true;
bits.Not();
Console.WriteLine("bits: " + string.Concat(bits.Cast<bool>().Select(b => b ? '1' : '0')));
var sb = new StringBuilder();
foreach (char c in "Hello, World") sb.Append((char)(char.IsLetter(c) ? (char.IsUpper(c) ? 'A' + (c - 'A' + 13) % 26 : 'a' + (c - 'a' + 13) % 26) : c));
Console.WriteLine("rot13: " + sb);
Console.WriteLine($"{BitConverter.ToString(BitConverter.GetBytes(0x12345678))} {BitConverter.IsLittleEndian} {BitConverter.DoubleToInt64Bits(1.0):X}");
