// 256 threads alive at once (issue 20: no fixed number of threads per process). Each worker
// records its managed id, builds a little garbage, and then waits until all 256 have started, so
// the process really holds 256 threads (plus main and the finalizer) at the same moment; only
// then does each do its work: a sum of its own, a list of its own, and a share of a total under
// a lock. Nothing is printed by a worker: the main thread prints after the joins, in thread
// order, so the output does not depend on scheduling.

const int N = 256;
var sums = new long[N];
var lengths = new int[N];
var ids = new int[N];
long total = 0;
var totalLock = new object();
using var started = new CountdownEvent(N);
using var go = new ManualResetEventSlim(false);
var threads = new Thread[N];
for (int t = 0; t < N; t++)
{
    int index = t;
    threads[t] = new Thread(() =>
    {
        ids[index] = Environment.CurrentManagedThreadId;
        string name = "worker-" + index;
        started.Signal();
        go.Wait();
        long sum = 0;
        for (int i = 1; i <= 2000; i++) sum += (long)i * (index + 1) % 1009;
        sums[index] = sum;
        var list = new List<int>();
        for (int i = 0; i <= index % 17; i++) list.Add(i * index);
        lengths[index] = list.Count + name.Length;
        lock (totalLock) total += sum;
    });
    threads[t].Start();
}
started.Wait();
Console.WriteLine($"started: {N} threads, all alive: {threads.All(t => t.IsAlive)}");
go.Set();
foreach (var th in threads) th.Join();
Console.WriteLine($"joined: {N}, any alive: {threads.Any(t => t.IsAlive)}");
Console.WriteLine($"distinct managed ids: {ids.Distinct().Count()}, none is main's: {!ids.Contains(Environment.CurrentManagedThreadId)}");
for (int g = 0; g < N; g += 32)
    Console.WriteLine($"threads {g,3}..{g + 31,3}: sum {sums.Skip(g).Take(32).Sum()}, lengths {lengths.Skip(g).Take(32).Sum()}");
Console.WriteLine($"total under the lock: {total}, equal to the sums: {total == sums.Sum()}");

// The same again: the first 256 are gone (joined), so a second round fits as well.
var again = new int[N];
var second = new Thread[N];
for (int t = 0; t < N; t++)
{
    int index = t;
    second[t] = new Thread(() => again[index] = index * 3 + 1);
    second[t].Start();
}
foreach (var th in second) th.Join();
Console.WriteLine($"second round: {again.Sum()}");
