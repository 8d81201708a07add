// String interpolation: alignment, format strings, nested expressions, raw literals.
var name = "Veridian";
int build = 11;
double ratio = 0.5625;
Console.WriteLine($"Hello, {name}! Build {build:D3}, ratio {ratio:P1}, hex {build:X2}");
Console.WriteLine($"|{name,12}|{name,-12}|{build,5}|");
Console.WriteLine($"{(build > 10 ? "big" : "small")} {name.Length * 2} {new[] { 1, 2, 3 }.Sum()} {{braces}}");
var point = (X: 3, Y: -4);
Console.WriteLine($"point {point} distance {Math.Sqrt(point.X * point.X + point.Y * point.Y)}");
string raw = $"""
    Raw "quoted" text for {name}
      indented line {build + 1}
    """;
Console.WriteLine(raw);
FormattableString fs = $"{build} items at {ratio:F2}";
Console.WriteLine($"{fs.Format} / {fs.ArgumentCount} / {fs}");
Console.WriteLine($"{DateTime.UnixEpoch:yyyy-MM-dd} {TimeSpan.FromMinutes(135):hh\\:mm} {'c'} {true} {null as string}|");
