// Generics, constraints, interfaces, default interface methods, covariance, static abstract members.
using System.Numerics;

interface IShape { double Area { get; } string Describe() => $"{GetType().Name} with area {Area:F2}"; }
record Circle(double R) : IShape { public double Area => Math.PI * R * R; }
record Rect(double W, double H) : IShape { public double Area => W * H; }
class Box<T> where T : IComparable<T>
{
    private readonly List<T> items = new();
    public void Add(T item) => items.Add(item);
    public T Max() { T best = items[0]; foreach (var i in items) if (i.CompareTo(best) > 0) best = i; return best; }
    public int Count => items.Count;
}
static class Program
{
    static T Sum<T>(IEnumerable<T> xs) where T : INumber<T> { T s = T.Zero; foreach (var x in xs) s += x; return s; }
    static void Swap<T>(ref T a, ref T b) { (a, b) = (b, a); }
    static string Kind<T>(T value) => value switch { int i => $"int {i}", string s => $"string '{s}'", IShape sh => sh.Describe(), _ => "other" };
    static int Main()
    {
        IShape[] shapes = { new Circle(1), new Rect(2, 3), new Circle(0.5) };
        foreach (var s in shapes.OrderBy(s => s.Area)) Console.WriteLine(s.Describe());
        var ints = new Box<int>(); foreach (var i in new[] { 4, 9, 2 }) ints.Add(i);
        var strs = new Box<string>(); foreach (var s in new[] { "pear", "apple", "zucchini" }) strs.Add(s);
        Console.WriteLine($"max {ints.Max()} of {ints.Count}, max '{strs.Max()}'");
        Console.WriteLine($"sums {Sum(new[] { 1, 2, 3 })} {Sum(new[] { 1.5, 2.25 })} {Sum(new decimal[] { 0.1m, 0.2m })}");
        int a = 1, b = 2; Swap(ref a, ref b); Console.WriteLine($"swapped {a} {b}");
        IEnumerable<object> covariant = new List<string> { "x", "y" };
        Console.WriteLine("covariant: " + string.Join(",", covariant));
        Console.WriteLine(Kind(5) + "; " + Kind("five") + "; " + Kind<IShape>(new Rect(1, 1)) + "; " + Kind(5.0));
        var pairs = new Dictionary<(int, string), List<double>> { [(1, "a")] = new() { 1.0 } };
        pairs[(1, "a")].Add(2.5);
        Console.WriteLine($"tuple key: {pairs[(1, "a")].Sum()} {EqualityComparer<Circle>.Default.Equals(new Circle(2), new Circle(2))}");
        return 0;
    }
}
