// Records, structs, with-expressions, equality, deconstruction, pattern matching.
record Person(string Name, int Age) { public string Greeting => $"Hi, I'm {Name}"; }
record Employee(string Name, int Age, string Role) : Person(Name, Age);
readonly record struct Point(int X, int Y) { public Point Move(int dx, int dy) => this with { X = X + dx, Y = Y + dy }; }
struct Mutable { public int Count; public void Bump() => Count++; }
enum Color { Red = 1, Green = 2, Blue = 4 }
[Flags] enum Perm { None = 0, Read = 1, Write = 2, Exec = 4 }
static class Program
{
    static string Classify(object o) => o switch
    {
        Employee { Role: "boss" } e => $"the boss {e.Name}",
        Person { Age: < 18 } p => $"minor {p.Name}",
        Person p => $"adult {p.Name}",
        Point { X: 0, Y: 0 } => "origin",
        Point(var x, var y) when x == y => $"diagonal {x}",
        int n and > 100 => "big number",
        _ => "unknown",
    };
    static int Main()
    {
        var a = new Person("Ada", 36);
        var b = a with { Age = 37 };
        Console.WriteLine($"{a} | {b} | equal {a == new Person("Ada", 36)} | {a.Greeting}");
        var e = new Employee("Grace", 85, "boss");
        Console.WriteLine(e + " " + (e is Person) + " " + e.GetHashCode().Equals(new Employee("Grace", 85, "boss").GetHashCode()));
        var (name, age) = a;
        Console.WriteLine($"deconstructed {name} {age}");
        var p = new Point(1, 2).Move(2, 1);
        Console.WriteLine($"{p} {p == new Point(3, 3)}");
        var m = new Mutable(); m.Bump(); var copy = m; copy.Bump();
        Console.WriteLine($"struct copy semantics: {m.Count} {copy.Count}");
        foreach (var o in new object[] { e, new Person("Tim", 12), a, new Point(0, 0), new Point(5, 5), 500, "x" })
            Console.WriteLine(Classify(o));
        Console.WriteLine($"{Color.Green} {(Color)4} {(int)Color.Red} {Enum.GetName(Color.Blue)} {Color.Red < Color.Blue}");
        var perm = Perm.Read | Perm.Exec;
        Console.WriteLine($"{perm} {perm.HasFlag(Perm.Write)} {(perm & Perm.Exec) != 0} {(Perm)7}");
        var tuple = (First: 1, Second: "two", Third: 3.0);
        Console.WriteLine($"{tuple} {tuple.Second} {tuple == (1, "two", 3.0)}");
        return 0;
    }
}
