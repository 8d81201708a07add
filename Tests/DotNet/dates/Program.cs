// Dates and times with fixed values (no clock, invariant culture): arithmetic, formatting, parsing.
using System.Globalization;
var inv = CultureInfo.InvariantCulture;
var start = new DateTime(2024, 2, 28, 22, 30, 0, DateTimeKind.Utc);
Console.WriteLine(start.ToString("O", inv));
foreach (int days in new[] { 1, 2, 365, 366 })
    Console.WriteLine($"+{days} days: {start.AddDays(days).ToString("yyyy-MM-dd dddd", inv)}");
Console.WriteLine($"+90 min: {start.AddMinutes(90).ToString("HH:mm 'on' d MMM", inv)}");
Console.WriteLine($"leap years: {string.Join(",", Enumerable.Range(1896, 12).Where(DateTime.IsLeapYear))}");
Console.WriteLine($"days in Feb 2100: {DateTime.DaysInMonth(2100, 2)}; day of year {start.DayOfYear}");
var span = new DateTime(2026, 12, 1) - new DateTime(1970, 1, 1);
Console.WriteLine($"days since epoch: {span.TotalDays}, weeks {span.Days / 7}, {span.TotalHours:N0} hours");
Console.WriteLine(new TimeSpan(3, 25, 61).ToString() + " " + TimeSpan.FromSeconds(3725.5).ToString(@"hh\:mm\:ss\.f", inv));
var offset = new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(2));
Console.WriteLine($"{offset.ToString("yyyy-MM-dd HH:mm zzz", inv)} = {offset.UtcDateTime.ToString("HH:mm", inv)} UTC, unix {offset.ToUnixTimeSeconds()}");
var d = new DateOnly(2026, 12, 1);
Console.WriteLine($"{d.ToString("yyyy/MM/dd", inv)} {d.DayOfWeek} {d.AddMonths(3).ToString(inv)} {new TimeOnly(23, 59).AddMinutes(2).ToString("HH:mm", inv)}");
Console.WriteLine(DateTime.Parse("2026-03-04T05:06:07Z", inv, DateTimeStyles.AdjustToUniversal).ToString("F", inv));
Console.WriteLine(DateTime.ParseExact("31/12/1999 23:59", "dd/MM/yyyy HH:mm", inv).AddMinutes(1).Year);
var sorted = new[] { "2021-05-01", "1999-12-31", "2024-02-29" }.Select(s => DateTime.Parse(s, inv)).OrderBy(x => x);
Console.WriteLine(string.Join(" < ", sorted.Select(x => x.ToString("d MMM yyyy", inv))));
Console.WriteLine(new DateTime(2026, 1, 1).AddTicks(1234567).ToString("ss.fffffff", inv) + " " + DateTime.MaxValue.ToString("yyyy", inv));
