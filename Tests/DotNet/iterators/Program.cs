// yield iterators, lazy evaluation, IEnumerable implementations, foreach over custom types.
static class Program
{
    static IEnumerable<int> Primes()
    {
        for (int n = 2; ; n++)
        {
            bool prime = true;
            for (int d = 2; d * d <= n && prime; d++) prime = n % d != 0;
            if (prime) yield return n;
        }
    }
    static IEnumerable<string> Traced(List<string> log)
    {
        log.Add("start");
        try { for (int i = 0; i < 3; i++) { log.Add($"yield {i}"); yield return $"item{i}"; } }
        finally { log.Add("finally"); }
    }
    static IEnumerable<T> Interleave<T>(IEnumerable<T> a, IEnumerable<T> b)
    {
        using var ea = a.GetEnumerator(); using var eb = b.GetEnumerator();
        while (true)
        {
            bool any = false;
            if (ea.MoveNext()) { any = true; yield return ea.Current; }
            if (eb.MoveNext()) { any = true; yield return eb.Current; }
            if (!any) yield break;
        }
    }
    static int Main()
    {
        Console.WriteLine("first primes: " + string.Join(" ", Primes().Take(15)));
        Console.WriteLine("1000th prime: " + Primes().Skip(999).First());
        var log = new List<string>();
        foreach (var item in Traced(log)) { log.Add($"got {item}"); if (item == "item1") break; }
        Console.WriteLine(string.Join(", ", log));
        Console.WriteLine("interleave: " + string.Join("", Interleave("ace", "bdfgh")));
        var fibs = Fibonacci().TakeWhile(f => f < 1000).ToList();
        Console.WriteLine($"fibonacci below 1000: {fibs.Count} numbers, last {fibs[^1]}");
        return 0;
    }
    static IEnumerable<long> Fibonacci() { long a = 0, b = 1; while (true) { yield return a; (a, b) = (b, a + b); } }
}
