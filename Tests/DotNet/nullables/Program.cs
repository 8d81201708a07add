// Nullable value types, null-conditional and null-coalescing operators, value tuples, ref locals, switch expressions.
int? Parse(string s) => int.TryParse(s, out int v) ? v : null;
var inputs = new[] { "12", "x", "7", "", "-3" };
var parsed = inputs.Select(Parse).ToList();
Console.WriteLine(string.Join(",", parsed.Select(p => p?.ToString() ?? "null")));
Console.WriteLine($"sum {parsed.Sum()} count with value {parsed.Count(p => p.HasValue)} max {parsed.Max()} first null at {parsed.IndexOf(null)}");
int? a = null, b = 5;
Console.WriteLine($"{a + b} {(a ?? 0) + b} {a.GetValueOrDefault(9)} {b.Value} {a == null} {a < b} {a >= b}");
string? name = null;
Console.WriteLine($"{name?.Length} {name?.ToUpper() ?? "(none)"} {(name ??= "set").Length} {name}");
(string Name, int Score)[] scores = { ("ann", 90), ("bob", 72), ("cy", 85) };
var (best, top) = scores.MaxBy(s => s.Score);
Console.WriteLine($"best {best} {top}; grades {string.Join(" ", scores.Select(s => s.Score switch { >= 90 => "A", >= 80 => "B", _ => "C" }))}");
var pair = (1, "one");
var (num, word) = pair;
Console.WriteLine($"{pair.Item1}{pair.Item2} {num}{word} {pair.GetHashCode() == (1, "one").GetHashCode()}");
int[] arr = { 1, 2, 3 };
ref int middle = ref arr[1];
middle *= 10;
Console.WriteLine(string.Join(",", arr));
(int, int) Divide(int x, int y) => (x / y, x % y);
Console.WriteLine($"{Divide(17, 5)} {Divide(-17, 5).Item2}");
object?[] things = { 1, "two", null, 3.0, new[] { 4 } };
foreach (var t in things)
    Console.WriteLine(t switch { null => "null", int i => $"int {i}", string s => $"string {s.Length}", double d => $"double {d:F1}", int[] xs => $"array {xs.Length}", _ => "?" });
Nullable<DateTime> when = null;
Console.WriteLine($"{when.HasValue} {when?.Year.ToString() ?? "no date"}");
