// Formatting of integers and doubles (invariant culture on both sides).
using System.Globalization;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int[] ints = { 0, 7, -42, 1234567, int.MaxValue, int.MinValue };
foreach (int i in ints)
    Console.WriteLine($"{i} | {i:D8} | {i:X} | {i:x8} | {i:N0} | {i,12} | {i:+#;-#;zero}");
double[] doubles = { 0.0, 1.5, -2.25, Math.PI, Math.E * 1e10, 1.0 / 3, 123456.789, 1e-7, double.MaxValue, double.NaN, double.PositiveInfinity };
foreach (double d in doubles)
    Console.WriteLine($"{d} | {d:F2} | {d:E3} | {d:G4} | {d:N3} | {d:P1} | {d:R}");
Console.WriteLine($"{12.5m} {decimal.Divide(10, 3):F5} {(decimal)Math.PI * 2:N4}");
Console.WriteLine($"{1234.5f} {float.Epsilon} {(float)1 / 3}");
Console.WriteLine($"{long.MaxValue:N0} {ulong.MaxValue} {(byte)200} {(sbyte)-100} {(short)-32768}");
Console.WriteLine($"{255:C} {0.075:P2} {DateTime.MinValue.Ticks}");
Console.WriteLine(new TimeSpan(1, 2, 3, 4, 500).ToString() + " " + TimeSpan.FromMilliseconds(90061001).ToString("c"));
Console.WriteLine(new DateTime(2026, 12, 1, 13, 45, 30).ToString("yyyy-MM-dd HH:mm:ss") + " " + new DateTime(2000, 2, 29).DayOfWeek);
Console.WriteLine(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e").ToString("N"));
Console.WriteLine(Math.Round(2.5) + " " + Math.Round(3.5) + " " + Math.Round(-2.675, 2) + " " + Math.Floor(-1.5) + " " + Math.Ceiling(1.2) + " " + Math.Sqrt(2));
Console.WriteLine(Math.Abs(-5) + " " + Math.Max(3, 9) + " " + Math.Clamp(15, 0, 10) + " " + (int)Math.Pow(2, 10) + " " + Math.Log2(1024));
