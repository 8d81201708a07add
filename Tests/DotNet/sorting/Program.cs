// Sorting: Array.Sort, custom comparers, IComparable, stable OrderBy, binary search.
class Version2 : IComparable<Version2>
{
    public int Major, Minor;
    public Version2(int major, int minor) { Major = major; Minor = minor; }
    public int CompareTo(Version2? o) => o is null ? 1 : Major != o.Major ? Major.CompareTo(o.Major) : Minor.CompareTo(o.Minor);
    public override string ToString() => $"{Major}.{Minor}";
}
static class Program
{
    static int Main()
    {
        var rng = new Random(7);
        int[] data = Enumerable.Range(0, 40).Select(_ => rng.Next(1000)).ToArray();
        Array.Sort(data);
        Console.WriteLine(string.Join(" ", data));
        Console.WriteLine($"search {data[17]} -> {Array.BinarySearch(data, data[17]) >= 0}; search -1 -> {Array.BinarySearch(data, -1)}");
        var versions = new List<Version2> { new(2, 1), new(1, 10), new(1, 2), new(10, 0), new(2, 0) };
        versions.Sort();
        Console.WriteLine(string.Join(" < ", versions));
        string[] words = { "banana", "Apple", "cherry", "apple", "Banana", "date" };
        Array.Sort(words, StringComparer.Ordinal);
        Console.WriteLine(string.Join(",", words));
        Array.Sort(words, StringComparer.OrdinalIgnoreCase);
        Console.WriteLine(string.Join(",", words.Select(w => w.ToLowerInvariant()).Distinct()));
        var stable = words.Select((w, i) => (w, i)).OrderBy(t => t.w.Length).Select(t => $"{t.w}#{t.i}");
        Console.WriteLine(string.Join(" ", stable));
        var keys = new[] { 3, 1, 2 }; var values = new[] { "c", "a", "b" };
        Array.Sort(keys, values);
        Console.WriteLine(string.Join("", values));
        var matrix = new int[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) matrix[i, j] = i * 3 + j;
        Console.WriteLine($"rank {matrix.Rank} length {matrix.Length} center {matrix[1, 1]} corner {matrix[2, 2]}");
        int[][] jagged = { new[] { 3, 2, 1 }, new[] { 9 }, new[] { 5, 4 } };
        foreach (var row in jagged.OrderBy(r => r.Length)) { Array.Reverse(row); Console.Write("[" + string.Join(",", row) + "]"); }
        Console.WriteLine();
        return 0;
    }
}
