// Reads its standard input to the end (input.txt beside it: the boot test types it at the
// console and ends it with Ctrl-D), then reports on it: Console.ReadLine and end of input.
Console.WriteLine("reading standard input");
var lines = new List<string>();
string? line;
while ((line = Console.ReadLine()) != null) lines.Add(line);
Console.WriteLine($"{lines.Count} lines, {lines.Sum(l => l.Length)} characters");
foreach (var (l, i) in lines.Select((l, i) => (l, i)))
    Console.WriteLine($"{i + 1}: {new string(l.Reverse().ToArray())} ({l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} words)");
var numbers = lines.SelectMany(l => l.Split(' ')).Where(w => int.TryParse(w, out _)).Select(int.Parse).ToList();
Console.WriteLine($"numbers: {string.Join(",", numbers)} sum {numbers.Sum()}");
return lines.Count;
