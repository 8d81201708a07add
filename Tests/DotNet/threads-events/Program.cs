// Signalling between threads: ManualResetEventSlim, ManualResetEvent, AutoResetEvent ping-pong,
// SemaphoreSlim limiting concurrency, CountdownEvent, Barrier, and timed waits that time out.
// Only values fixed by the signalling order are printed, by the main thread after the joins.

static Thread[] StartAll(int count, Action<int> body)
{
    var threads = new Thread[count];
    for (int t = 0; t < count; t++)
    {
        int index = t;
        threads[t] = new Thread(() => body(index));
        threads[t].Start();
    }
    return threads;
}

static void JoinAll(Thread[] threads)
{
    foreach (var th in threads) th.Join();
}

// ManualResetEventSlim: three workers wait; main publishes a value and sets the event.
using (var go = new ManualResetEventSlim(false))
{
    int published = 0;
    var seen = new int[3];
    var workers = StartAll(3, i =>
    {
        go.Wait();
        seen[i] = Volatile.Read(ref published) + i;
    });
    Volatile.Write(ref published, 1000);
    go.Set();
    JoinAll(workers);
    Console.WriteLine($"ManualResetEventSlim: {string.Join(",", seen)}, set {go.IsSet}");
    go.Reset();
    Console.WriteLine($"after reset: set {go.IsSet}, wait(0) {go.Wait(0)}");
}

// ManualResetEvent (a WaitHandle).
using (var gate = new ManualResetEvent(false))
{
    string? message = null;
    bool inside = false;
    var worker = new Thread(() =>
    {
        inside = gate.WaitOne();
        message = "released";
    });
    worker.Start();
    gate.Set();
    worker.Join();
    Console.WriteLine($"ManualResetEvent: {message}, wait returned {inside}, still set {gate.WaitOne(0)}");
    gate.Reset();
    Console.WriteLine($"after reset: {gate.WaitOne(0)}");
    using var second = new ManualResetEvent(true);
    Console.WriteLine($"WaitAll of set handles: {WaitHandle.WaitAll(new WaitHandle[] { second, new ManualResetEvent(true) }, 1000)}");
    Console.WriteLine($"WaitAny picks the set one: {WaitHandle.WaitAny(new WaitHandle[] { gate, second }, 1000)}");
}

// AutoResetEvent ping-pong: the turns alternate strictly.
const int Rounds = 200;
using (var ping = new AutoResetEvent(false))
using (var pong = new AutoResetEvent(false))
{
    int turn = 0;        // even: ping's turn, odd: pong's turn
    int pings = 0, pongs = 0;
    bool outOfTurn = false;
    var pinger = new Thread(() =>
    {
        for (int i = 0; i < Rounds; i++)
        {
            if (turn % 2 != 0) outOfTurn = true;
            turn++;
            pings++;
            pong.Set();
            ping.WaitOne();
        }
    });
    var ponger = new Thread(() =>
    {
        for (int i = 0; i < Rounds; i++)
        {
            pong.WaitOne();
            if (turn % 2 != 1) outOfTurn = true;
            turn++;
            pongs++;
            ping.Set();
        }
    });
    pinger.Start();
    ponger.Start();
    pinger.Join();
    ponger.Join();
    Console.WriteLine($"AutoResetEvent ping-pong: {pings} pings, {pongs} pongs, {turn} turns, out of turn: {outOfTurn}");
    Console.WriteLine($"auto reset after the last signal was taken: {ping.WaitOne(0)} {pong.WaitOne(0)}");
    pong.Set();
    Console.WriteLine($"one signal, two waits: {pong.WaitOne(0)} {pong.WaitOne(0)}");
}

// SemaphoreSlim limiting concurrency to 2 of 6 threads.
const int Limit = 2;
using (var semaphore = new SemaphoreSlim(Limit, Limit))
{
    int current = 0, maxSeen = 0, entries = 0;
    var workers = StartAll(6, i =>
    {
        for (int round = 0; round < 20; round++)
        {
            semaphore.Wait();
            try
            {
                int now = Interlocked.Increment(ref current);
                int max;
                while ((max = Volatile.Read(ref maxSeen)) < now && Interlocked.CompareExchange(ref maxSeen, now, max) != max) { }
                Interlocked.Increment(ref entries);
                if (round % 4 == 0) Thread.Yield();
                Interlocked.Decrement(ref current);
            }
            finally
            {
                semaphore.Release();
            }
        }
    });
    JoinAll(workers);
    Console.WriteLine($"SemaphoreSlim: {entries} entries, max concurrency <= {Limit}: {maxSeen <= Limit && maxSeen >= 1}, count back to {semaphore.CurrentCount}");
    semaphore.Wait();
    semaphore.Wait();
    Console.WriteLine($"exhausted: count {semaphore.CurrentCount}, wait(10) {semaphore.Wait(10)}");
    semaphore.Release(2);
    try { semaphore.Release(); }
    catch (SemaphoreFullException e) { Console.WriteLine($"release beyond the maximum: {e.GetType().Name}"); }
}
using (var semaphore = new Semaphore(1, 1))
{
    int inside = 0;
    var workers = StartAll(3, i =>
    {
        for (int round = 0; round < 50; round++)
        {
            semaphore.WaitOne();
            inside += i + 1;
            semaphore.Release();
        }
    });
    JoinAll(workers);
    Console.WriteLine($"Semaphore: {inside}");
}

// CountdownEvent.
using (var countdown = new CountdownEvent(4))
{
    var done = new bool[5];
    var workers = StartAll(4, i =>
    {
        done[i] = true;
        countdown.Signal();
    });
    countdown.Wait();
    Console.WriteLine($"CountdownEvent: set {countdown.IsSet}, remaining {countdown.CurrentCount}, all done {done.Take(4).All(d => d)}");
    JoinAll(workers);
    countdown.Reset(2);
    countdown.AddCount(1);
    var more = StartAll(3, i => countdown.Signal());
    Console.WriteLine($"after reset: initial {countdown.InitialCount}, wait(60 s) {countdown.Wait(TimeSpan.FromSeconds(60))}");
    JoinAll(more);
    Console.WriteLine($"TryAddCount on a set event: {countdown.TryAddCount()}");
}

// Barrier: 3 participants over 3 phases; the post-phase action runs once per phase.
var phaseSums = new List<int>();
int contribution = 0;
using (var barrier = new Barrier(3, b =>
{
    phaseSums.Add(contribution);
    contribution = 0;
}))
{
    var arrivals = new int[3, 3];
    var workers = StartAll(3, i =>
    {
        for (int phase = 0; phase < 3; phase++)
        {
            Interlocked.Add(ref contribution, (phase + 1) * (i + 1));
            arrivals[i, phase] = (int)barrier.CurrentPhaseNumber;
            barrier.SignalAndWait();
        }
    });
    JoinAll(workers);
    var phases = new List<string>();
    for (int i = 0; i < 3; i++) phases.Add($"{arrivals[i, 0]}{arrivals[i, 1]}{arrivals[i, 2]}");
    Console.WriteLine($"Barrier: phase sums {string.Join(",", phaseSums)}, phases seen {string.Join(" ", phases)}, now phase {barrier.CurrentPhaseNumber}, participants {barrier.ParticipantCount}");
    barrier.RemoveParticipants(2);
    Console.WriteLine($"alone: signal-and-wait(60 s) {barrier.SignalAndWait(TimeSpan.FromSeconds(60))}, phase {barrier.CurrentPhaseNumber}");
}

// Timed waits that time out (small timeouts; nothing ever sets these).
using var never = new ManualResetEventSlim(false);
using var neverAuto = new AutoResetEvent(false);
using var neverManual = new ManualResetEvent(false);
using var empty = new SemaphoreSlim(0);
using var countdownNever = new CountdownEvent(1);
var lockHeld = new object();
Console.WriteLine($"timeouts: {never.Wait(20)} {neverAuto.WaitOne(20)} {neverManual.WaitOne(TimeSpan.FromMilliseconds(20))} {empty.Wait(20)} {countdownNever.Wait(20)}");
Console.WriteLine($"WaitAny timeout: {WaitHandle.WaitAny(new WaitHandle[] { neverAuto, neverManual }, 20) == WaitHandle.WaitTimeout}");
lock (lockHeld) Console.WriteLine($"Monitor.Wait timeout: {Monitor.Wait(lockHeld, 20)}");
