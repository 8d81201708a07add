// Parsing numbers, booleans, enums, dates; TryParse failures.
using System.Globalization;
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(int.Parse("12345") + int.Parse("-77") + int.Parse("  42  "));
Console.WriteLine(long.Parse("9223372036854775807") + " " + ulong.Parse("18446744073709551615"));
Console.WriteLine(int.Parse("ff", NumberStyles.HexNumber) + " " + Convert.ToInt32("1010", 2) + " " + Convert.ToString(255, 2));
Console.WriteLine(double.Parse("3.14159", inv) * 2 + " " + double.Parse("1e3", inv) + " " + double.Parse("-0.5", inv));
Console.WriteLine(decimal.Parse("19.99", inv) * 3);
foreach (var text in new[] { "100", "abc", "", "99999999999", "12.5", "-0" })
    Console.WriteLine($"'{text}': int {(int.TryParse(text, out int v) ? v.ToString() : "fail")}, double {(double.TryParse(text, NumberStyles.Float, inv, out double dv) ? dv.ToString(inv) : "fail")}");
Console.WriteLine(bool.Parse("True") + " " + bool.TryParse("nope", out _));
Console.WriteLine(Enum.Parse<DayOfWeek>("Friday") + " " + (int)Enum.Parse<DayOfWeek>("Sunday") + " " + Enum.TryParse<DayOfWeek>("Caturday", out _));
Console.WriteLine(DateTime.ParseExact("2026-12-01 08:30", "yyyy-MM-dd HH:mm", inv).AddDays(30).ToString("d MMM yyyy", inv));
Console.WriteLine(TimeSpan.Parse("01:02:03", inv).TotalSeconds);
Console.WriteLine(Version.Parse("10.0.12").Minor + " " + char.IsDigit('7') + " " + char.GetNumericValue('9'));
var csv = "name,qty,price\nwidget,4,2.50\ngadget,10,0.99\nthing,1,100";
double total = 0;
foreach (var line in csv.Split('\n').Skip(1))
{
    var f = line.Split(',');
    total += int.Parse(f[1]) * double.Parse(f[2], inv);
}
Console.WriteLine($"total {total.ToString("F2", inv)}");
