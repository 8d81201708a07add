// Delegates, events, closures, local functions, Func/Action composition.
class Counter
{
    public event EventHandler<int>? Changed;
    private int value;
    public void Add(int n) { value += n; Changed?.Invoke(this, value); }
}
static class Program
{
    static int Main()
    {
        var log = new List<string>();
        var counter = new Counter();
        EventHandler<int> h1 = (_, v) => log.Add($"h1:{v}");
        counter.Changed += h1;
        counter.Changed += (_, v) => log.Add($"h2:{v * 10}");
        counter.Add(1); counter.Add(2);
        counter.Changed -= h1;
        counter.Add(3);
        Console.WriteLine(string.Join(" ", log));

        var actions = new List<Func<int>>();
        for (int i = 0; i < 5; i++) { int copy = i; actions.Add(() => copy * copy); }
        Console.WriteLine("closures: " + string.Join(",", actions.Select(f => f())));
        int total = 0;
        Action<int> accumulate = n => total += n;
        accumulate += n => total += n * 100;
        accumulate(2);
        Console.WriteLine($"multicast total {total}, invocation list {accumulate.GetInvocationList().Length}");
        Func<int, int> twice = x => x * 2, plusOne = x => x + 1;
        Func<int, int> compose(Func<int, int> f, Func<int, int> g) => x => g(f(x));
        Console.WriteLine($"compose: {compose(twice, plusOne)(5)} {compose(plusOne, twice)(5)}");
        int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
        Console.WriteLine("fib: " + string.Join(" ", Enumerable.Range(0, 15).Select(Fib)));
        Predicate<string> longWord = w => w.Length > 4;
        Console.WriteLine("find all: " + string.Join(",", new List<string> { "tiny", "enormous", "big", "gigantic" }.FindAll(longWord)));
        Comparison<string> byLength = (x, y) => x.Length.CompareTo(y.Length);
        var words = new List<string> { "ccc", "a", "bb", "dddd" }; words.Sort(byLength);
        Console.WriteLine("sorted: " + string.Join(" ", words));
        Func<int, Func<int, int>> adder = x => y => x + y;
        Console.WriteLine($"curried {adder(3)(4)}; method group {string.Join(",", new[] { "1", "22" }.Select(int.Parse))}");
        return 0;
    }
}
