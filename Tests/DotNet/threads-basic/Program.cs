// Threads: start and join, results written into an array, names, the background flag,
// [ThreadStatic] and ThreadLocal<T>, Join with a timeout, ParameterizedThreadStart, exceptions
// thrown and caught on a second thread, distinct managed thread ids. The workers never write to
// the console: everything printed is read by the main thread after the joins, so the output does
// not depend on scheduling.

// Several threads, each computing its own result.
const int N = 4;
var results = new long[N];
var ids = new int[N + 1];
var threads = new Thread[N];
for (int t = 0; t < N; t++)
{
    int index = t;
    threads[t] = new Thread(() =>
    {
        ids[index + 1] = Environment.CurrentManagedThreadId;
        long sum = 0;
        for (int i = 1; i <= 10_000; i++) sum += (long)i * (index + 1) + (i % 7);
        results[index] = sum;
    });
}
ids[0] = Thread.CurrentThread.ManagedThreadId;
Console.WriteLine($"before start: {threads[0].ThreadState}, alive {threads[0].IsAlive}");
foreach (var th in threads) th.Start();
foreach (var th in threads) th.Join();
Console.WriteLine("results: " + string.Join(",", results));
Console.WriteLine($"after join: {threads[0].ThreadState}, alive {threads.Any(t => t.IsAlive)}");
// The Thread objects are all still referenced, so no id can have been recycled.
Console.WriteLine($"distinct: {ids.Distinct().Count() == ids.Length}");
Console.WriteLine($"main id is current: {ids[0] == Environment.CurrentManagedThreadId}");

// A name set and read on the worker itself.
string? seenName = null;
bool sameThreadObject = false;
var named = new Thread(() =>
{
    Thread.CurrentThread.Name = "worker-1";
    seenName = Thread.CurrentThread.Name;
    sameThreadObject = ReferenceEquals(Thread.CurrentThread, Holder.Named);
});
Holder.Named = named;
named.Start();
named.Join();
Console.WriteLine($"name on worker: {seenName}, from main: {named.Name}, same Thread object: {sameThreadObject}");
var prenamed = new Thread(() => { seenName = Thread.CurrentThread.Name; }) { Name = "given-before-start" };
prenamed.Start();
prenamed.Join();
Console.WriteLine($"name given before start: {seenName}");

// Background threads.
bool backgroundInside = false;
var background = new Thread(() => { backgroundInside = Thread.CurrentThread.IsBackground; });
Console.WriteLine($"default background: {background.IsBackground}, main background: {Thread.CurrentThread.IsBackground}");
background.IsBackground = true;
bool backgroundSet = background.IsBackground;
background.Start();
background.Join();
Console.WriteLine($"background: {backgroundSet}, seen inside: {backgroundInside}");

// [ThreadStatic]: every thread has its own, starting at the default.
Holder.PerThread = 42;
Holder.PerThreadName = "main";
var statics = new string[N];
var staticThreads = new Thread[N];
for (int t = 0; t < N; t++)
{
    int index = t;
    staticThreads[t] = new Thread(() =>
    {
        int initial = Holder.PerThread;
        string initialName = Holder.PerThreadName ?? "null";
        Holder.PerThread = 100 + index;
        Holder.PerThreadName = "w" + index;
        for (int i = 0; i < 1000; i++) Holder.PerThread++;
        statics[index] = $"{initial}/{initialName}->{Holder.PerThread}/{Holder.PerThreadName}";
    });
}
foreach (var th in staticThreads) th.Start();
foreach (var th in staticThreads) th.Join();
Console.WriteLine("thread statics: " + string.Join(" ", statics));
Console.WriteLine($"main's thread static: {Holder.PerThread}/{Holder.PerThreadName}");

// ThreadLocal<T> with a factory.
int factoryCalls = 0;
using (var local = new ThreadLocal<int>(() => { Interlocked.Increment(ref factoryCalls); return 10; }, trackAllValues: true))
{
    local.Value += 1;   // main: 11
    var localThreads = new Thread[N];
    var localSeen = new int[N];
    for (int t = 0; t < N; t++)
    {
        int index = t;
        localThreads[t] = new Thread(() =>
        {
            for (int i = 0; i <= index; i++) local.Value += 5;
            localSeen[index] = local.Value;
        });
    }
    foreach (var th in localThreads) th.Start();
    foreach (var th in localThreads) th.Join();
    Console.WriteLine("thread locals seen: " + string.Join(",", localSeen));
    Console.WriteLine($"main's thread local: {local.Value}, factory calls: {factoryCalls}");
    Console.WriteLine("all values: " + string.Join(",", local.Values.OrderBy(v => v)));
}

// Join with a timeout: true for a thread that has finished (or finishes within the time).
var quick = new Thread(() => { });
quick.Start();
Console.WriteLine($"join(60 s): {quick.Join(TimeSpan.FromSeconds(60))}");
Console.WriteLine($"join(0) after it ended: {quick.Join(0)}");

// ParameterizedThreadStart.
var data = Enumerable.Range(1, 100).ToArray();
long squares = 0;
var parameterized = new Thread(state =>
{
    foreach (int x in (int[])state!) squares += (long)x * x;
});
parameterized.Start(data);
parameterized.Join();
Console.WriteLine($"sum of squares (parameter): {squares}");
string? text = null;
var withString = new Thread(new ParameterizedThreadStart(o => text = ((string)o!).ToUpperInvariant() + "!"));
withString.Start("hello from a parameter");
withString.Join();
Console.WriteLine(text);

// Exceptions thrown and caught on a second thread.
var log = new List<string>();
var throwing = new Thread(() =>
{
    try
    {
        Thrower.Throw(3);
    }
    catch (InvalidOperationException e) when (e.Message.StartsWith("depth"))
    {
        log.Add("caught " + e.GetType().Name + ": " + e.Message);
    }
    finally
    {
        log.Add("finally ran");
    }
    try
    {
        int[] small = new int[2];
        int i = small.Length + 1;
        small[i] = 1;
    }
    catch (IndexOutOfRangeException e)
    {
        log.Add("caught " + e.GetType().Name);
    }
    try
    {
        try { throw new ArgumentException("inner"); }
        catch (ArgumentException e) { throw new ApplicationException("outer", e); }
    }
    catch (ApplicationException e)
    {
        log.Add($"caught {e.Message} wrapping {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
    }
    object? nothing = Holder.Nothing;
    try { log.Add(nothing!.ToString()!); }
    catch (NullReferenceException e) { log.Add("caught " + e.GetType().Name); }
});
throwing.Start();
throwing.Join();
foreach (var line in log) Console.WriteLine("thread: " + line);

// Exceptions on several threads at once.
var caught = new int[N];
var throwers = new Thread[N];
for (int t = 0; t < N; t++)
{
    int index = t;
    throwers[t] = new Thread(() =>
    {
        for (int i = 0; i < 50; i++)
        {
            try { Thrower.Throw(i % 4); }
            catch (InvalidOperationException e) when (e.Message == "depth 0") { caught[index] += 1 + index; }
        }
    });
}
foreach (var th in throwers) th.Start();
foreach (var th in throwers) th.Join();
Console.WriteLine("caught on each thread: " + string.Join(",", caught));

static class Holder
{
    [ThreadStatic] public static int PerThread;
    [ThreadStatic] public static string? PerThreadName;
    public static Thread? Named;
    public static object? Nothing = Environment.GetEnvironmentVariable("VERIDIAN_NO_SUCH_VARIABLE_SET");
}

static class Thrower
{
    public static void Throw(int depth)
    {
        if (depth == 0) throw new InvalidOperationException("depth 0");
        Throw(depth - 1);
    }
}
