// Classes: abstract and virtual members, overrides, base calls, interfaces (explicit and default
// implementations), is/as, polymorphic collections, static and instance state, ToString/Equals.
abstract class Animal
{
    private static int s_created;
    public string Name { get; }
    protected Animal(string name) { Name = name; s_created++; }
    public static int Created => s_created;
    public abstract string Sound { get; }
    public virtual string Describe() => $"{Name} says {Sound}";
    public override string ToString() => $"{GetType().Name}({Name})";
}
class Dog : Animal
{
    public Dog(string name) : base(name) { }
    public override string Sound => "woof";
    public override string Describe() => base.Describe() + " and wags";
}
sealed class Puppy : Dog
{
    public Puppy(string name) : base(name) { }
    public override string Sound => "yip";
}
class Cat : Animal, IComparable<Cat>, IPet
{
    public int Lives { get; init; } = 9;
    public Cat(string name) : base(name) { }
    public override string Sound => "meow";
    public int CompareTo(Cat? other) => Lives.CompareTo(other?.Lives ?? 0);
    string IPet.Owner => "nobody";
}
interface IPet { string Owner { get; } string Tag() => $"owned by {Owner}"; }
class Point
{
    public int X, Y;
    public override bool Equals(object? o) => o is Point p && p.X == X && p.Y == Y;
    public override int GetHashCode() => X * 31 + Y;
    public static Point operator +(Point a, Point b) => new() { X = a.X + b.X, Y = a.Y + b.Y };
    public static bool operator ==(Point? a, Point? b) => Equals(a, b);
    public static bool operator !=(Point? a, Point? b) => !Equals(a, b);
    public override string ToString() => $"({X},{Y})";
}
static class Program
{
    static int Main()
    {
        var zoo = new List<Animal> { new Dog("Rex"), new Cat("Tom") { Lives = 7 }, new Puppy("Bit"), new Cat("Kit") };
        foreach (var a in zoo) Console.WriteLine($"{a}: {a.Describe()}");
        Console.WriteLine($"created {Animal.Created}; dogs {zoo.OfType<Dog>().Count()}; puppies {zoo.Count(a => a is Puppy)}");
        var cats = zoo.OfType<Cat>().ToList();
        cats.Sort();
        Console.WriteLine("cats by lives: " + string.Join(", ", cats.Select(c => $"{c.Name}:{c.Lives}")));
        IPet pet = cats[0];
        Console.WriteLine($"{pet.Owner}, {pet.Tag()}, as dog: {(zoo[1] as Dog)?.Name ?? "not a dog"}");
        var p = new Point { X = 1, Y = 2 } + new Point { X = 3, Y = 4 };
        Console.WriteLine($"{p} equals (4,6): {p == new Point { X = 4, Y = 6 }}, hash {p.GetHashCode()}, set size {new HashSet<Point> { p, new Point { X = 4, Y = 6 } }.Count}");
        object boxed = 42;
        Console.WriteLine($"{boxed is int i && i > 40} {boxed.GetType().Name} {typeof(Puppy).BaseType?.Name} {zoo[2] is Dog}");
        return 0;
    }
}
