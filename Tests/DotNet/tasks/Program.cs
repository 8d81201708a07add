// Tasks on the thread pool: Task.Run, results, WhenAll/WhenAny, continuations, async methods
// with Task.Yield and Task.Delay, an async Main (top-level await), faults, Parallel.For,
// TaskCompletionSource and cancellation. Results are printed by the main flow only, in program
// order, so the output does not depend on which pool thread ran what.

// Task.Run(...).Wait()
int ran = 0;
Task.Run(() => { ran = 1; }).Wait();
Console.WriteLine($"Task.Run + Wait: ran {ran}");

// Task<int>.Result
static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
var fib = Task.Run(() => Fib(20));
Console.WriteLine($"Task<int>.Result: {fib.Result}, status {fib.Status}");

// Task.WhenAll(...).Wait()
var parts = Enumerable.Range(0, 8).Select(k => Task.Run(() =>
{
    long sum = 0;
    for (int i = k * 1000; i < (k + 1) * 1000; i++) sum += i;
    return sum;
})).ToArray();
var all = Task.WhenAll(parts);
all.Wait();
Console.WriteLine($"WhenAll: {string.Join(",", all.Result)}, total {all.Result.Sum()}");
var voids = new int[4];
Task.WhenAll(Enumerable.Range(0, 4).Select(k => Task.Run(() => { voids[k] = k * k; }))).Wait();
Console.WriteLine($"WhenAll (no results): {string.Join(",", voids)}");

// ContinueWith
var continued = Task.Run(() => 21).ContinueWith(t => t.Result * 2).ContinueWith(t => "answer " + t.Result);
Console.WriteLine($"ContinueWith: {continued.Result}");
var afterFault = Task.Run(() => { throw new InvalidOperationException("first"); })
    .ContinueWith(t => t.IsFaulted ? "saw " + t.Exception!.InnerException!.GetType().Name : "no fault");
Console.WriteLine($"ContinueWith on a fault: {afterFault.Result}");
var onlyOnRanToCompletion = Task.Run(() => 1).ContinueWith(_ => "ran", TaskContinuationOptions.OnlyOnRanToCompletion);
Console.WriteLine($"OnlyOnRanToCompletion: {onlyOnRanToCompletion.Result}");

// An async method with Task.Yield and Task.Delay, called synchronously.
Console.WriteLine($"async method: {Async.Compute(10).GetAwaiter().GetResult()}");

// Top-level await (the program's Main is async).
int awaited = await Async.Compute(5);
Console.WriteLine($"awaited: {awaited}");
string chain = await Async.Chain(6);
Console.WriteLine($"await chain: {chain}");
await Task.Delay(1);
Console.WriteLine($"value task: {await Async.MaybeSync(true)} {await Async.MaybeSync(false)}");

// A faulted task: Wait throws AggregateException, await throws the exception itself.
var faulted = Task.Run(() => { throw new InvalidOperationException("boom"); });
try
{
    faulted.Wait();
}
catch (AggregateException e)
{
    Console.WriteLine($"Wait on a fault: {e.GetType().Name} of {e.InnerExceptions.Count}: {e.InnerException!.GetType().Name}: {e.InnerException.Message}");
}
Console.WriteLine($"status {faulted.Status}, faulted {faulted.IsFaulted}");
try
{
    await faulted;
}
catch (InvalidOperationException e)
{
    Console.WriteLine($"await on a fault: {e.GetType().Name}: {e.Message}");
}
try
{
    await Async.ThrowAfterYield();
}
catch (FormatException e)
{
    Console.WriteLine($"async method that throws: {e.GetType().Name}: {e.Message}");
}
var two = Task.WhenAll(Task.Run(() => { throw new ArgumentException("a"); }), Task.Run(() => { throw new ArgumentException("b"); }));
try { two.Wait(); }
catch (AggregateException e)
{
    Console.WriteLine($"WhenAll of two faults: {string.Join(",", e.Flatten().InnerExceptions.Select(x => x.Message).OrderBy(m => m))}");
}

// Parallel.For summing with Interlocked.
long parallelSum = 0;
var result = Parallel.For(0, 1000, i => Interlocked.Add(ref parallelSum, (long)i * i));
Console.WriteLine($"Parallel.For: {parallelSum}, completed {result.IsCompleted}");
var counts = new int[16];
Parallel.ForEach(Enumerable.Range(0, 1600), i => Interlocked.Increment(ref counts[i % 16]));
Console.WriteLine($"Parallel.ForEach: {string.Join(",", counts.Distinct())}");
long invoked = 0;
Parallel.Invoke(() => Interlocked.Add(ref invoked, 1), () => Interlocked.Add(ref invoked, 10), () => Interlocked.Add(ref invoked, 100));
Console.WriteLine($"Parallel.Invoke: {invoked}");

// TaskCompletionSource, completed from another thread.
var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
var setter = new Thread(() => tcs.SetResult(99));
setter.Start();
int fromTcs = await tcs.Task;
setter.Join();
Console.WriteLine($"TaskCompletionSource: {fromTcs}, second set accepted: {tcs.TrySetResult(1)}");
var failing = new TaskCompletionSource();
failing.SetException(new TimeoutException("from the source"));
try { await failing.Task; }
catch (TimeoutException e) { Console.WriteLine($"TaskCompletionSource fault: {e.GetType().Name}: {e.Message}"); }

// WhenAny with one task that never completes.
var never = new TaskCompletionSource<string>();
var winner = await Task.WhenAny(never.Task, Task.Run(() => "finished"));
Console.WriteLine($"WhenAny: {winner.Result}, never completed: {!never.Task.IsCompleted}");

// Cancellation.
using (var cts = new CancellationTokenSource())
{
    var token = cts.Token;
    var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var waiting = Task.Run(async () =>
    {
        started.SetResult();
        await Task.Delay(Timeout.Infinite, token);
    });
    await started.Task;
    cts.Cancel();
    try
    {
        await waiting;
    }
    catch (OperationCanceledException e)
    {
        Console.WriteLine($"cancelled delay: {e.GetType().Name}, token matches: {e.CancellationToken == token}");
    }
    Console.WriteLine($"status {waiting.Status}, cancelled {waiting.IsCanceled}");
}
using (var cts = new CancellationTokenSource())
{
    var token = cts.Token;
    var blocked = new ManualResetEventSlim(false);
    var spinning = Task.Run(() =>
    {
        blocked.Set();
        token.WaitHandle.WaitOne();
        token.ThrowIfCancellationRequested();
    }, token);
    blocked.Wait();
    cts.Cancel();
    try
    {
        spinning.Wait();
    }
    catch (AggregateException e)
    {
        Console.WriteLine($"cancelled task, Wait: {e.InnerException!.GetType().Name}");
    }
    try
    {
        await spinning;
    }
    catch (OperationCanceledException e)
    {
        Console.WriteLine($"cancelled task, await: {e.GetType().Name}");
    }
    Console.WriteLine($"status {spinning.Status}");
    var notRun = Task.Run(() => 1, token);
    try { await notRun; }
    catch (OperationCanceledException e) { Console.WriteLine($"already-cancelled token: {e.GetType().Name}, status {notRun.Status}"); }
    blocked.Dispose();
}
using (var cts = new CancellationTokenSource())
{
    var semaphore = new SemaphoreSlim(0);
    var waitTask = semaphore.WaitAsync(cts.Token);
    cts.Cancel();
    try { await waitTask; }
    catch (OperationCanceledException e) { Console.WriteLine($"cancelled WaitAsync: {e.GetType().Name}"); }
    int registered = 0;
    cts.Token.Register(() => registered++);
    Console.WriteLine($"register after cancel runs at once: {registered}");
}

// Many small tasks awaiting each other.
var tasks = new List<Task<int>>();
for (int i = 0; i < 50; i++) tasks.Add(Async.Compute(i % 5));
int[] many = await Task.WhenAll(tasks);
Console.WriteLine($"50 async methods: sum {many.Sum()}");

return 0;

static class Async
{
    public static async Task<int> Compute(int n)
    {
        int total = 0;
        for (int i = 1; i <= n; i++)
        {
            await Task.Yield();
            total += i;
        }
        await Task.Delay(10);
        return total * 2;
    }

    public static async Task<string> Chain(int n)
    {
        if (n == 0) return "0";
        string rest = await Chain(n - 1);
        await Task.Yield();
        return n + "<" + rest;
    }

    public static async ValueTask<int> MaybeSync(bool sync)
    {
        if (sync) return 7;
        await Task.Yield();
        return 8;
    }

    public static async Task ThrowAfterYield()
    {
        await Task.Yield();
        throw new FormatException("after yield");
    }
}
