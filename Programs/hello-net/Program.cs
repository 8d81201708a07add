using System.Text;

// Real .NET on VeridianOS: the class library's collections, LINQ, formatting and strings.
var numbers = new List<int> { 5, 3, 8, 1, 9, 2 };
var squares = numbers.Where(n => n % 2 == 1).Select(n => n * n).OrderBy(n => n).ToList();
var counts = new Dictionary<string, int>();
foreach (var word in "the quick brown fox jumps over the lazy dog the end".Split(' '))
    counts[word] = counts.TryGetValue(word, out int c) ? c + 1 : 1;

var sb = new StringBuilder();
sb.Append("Hello from .NET ").Append(Environment.Version.Major).Append(" on VeridianOS");
Console.WriteLine(sb.ToString());
Console.WriteLine($"odd squares: {string.Join(", ", squares)}");
Console.WriteLine($"'the' appears {counts["the"]} times; {counts.Count} distinct words");
Console.WriteLine($"pi is about {Math.PI:F4}, 2^40 = {1L << 40:N0}");
Console.WriteLine($"arguments: [{string.Join(" ", args)}]");
return 0;
