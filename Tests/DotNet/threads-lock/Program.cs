// Mutual exclusion: a contended lock, Interlocked, Monitor.Wait/Pulse over a bounded queue,
// Monitor.TryEnter, ReaderWriterLockSlim and SpinLock. Only totals and invariants are printed,
// by the main thread after the joins, so the output does not depend on scheduling.

const int N = 4;
const int Iterations = 10_000;

static void RunAll(int count, Action<int> body)
{
    var threads = new Thread[count];
    for (int t = 0; t < count; t++)
    {
        int index = t;
        threads[t] = new Thread(() => body(index));
    }
    foreach (var th in threads) th.Start();
    foreach (var th in threads) th.Join();
}

// A contended lock around a shared counter (and a non-atomic read-modify-write of a long pair).
var gate = new object();
int counter = 0;
long pairA = 0, pairB = 0;
bool pairTorn = false;
RunAll(N, index =>
{
    for (int i = 0; i < Iterations; i++)
    {
        lock (gate)
        {
            counter++;
            if (pairA != pairB) pairTorn = true;
            pairA += index + 1;
            pairB += index + 1;
        }
    }
});
Console.WriteLine($"lock: counter {counter}, pair {pairA}/{pairB}, torn: {pairTorn}");

// Nested and recursive locks.
var outer = new object();
var inner = new object();
int nested = 0;
RunAll(N, index =>
{
    for (int i = 0; i < 1000; i++)
    {
        lock (outer)
        {
            lock (inner) { lock (outer) { nested += 2; } }
            nested--;
        }
    }
});
Console.WriteLine($"nested locks: {nested}");

// Interlocked.
int incremented = 0;
long added = 0;
long casSum = 0;
int casMax = 0;
long exchanged = 0;
RunAll(N, index =>
{
    for (int i = 0; i < Iterations; i++)
    {
        Interlocked.Increment(ref incremented);
        Interlocked.Add(ref added, i);
        long seen, wanted;
        do
        {
            seen = Interlocked.Read(ref casSum);
            wanted = seen + index * 3 + 1;
        } while (Interlocked.CompareExchange(ref casSum, wanted, seen) != seen);
        int value = (i * 7919 + index * 104729) % 100_003;
        int current;
        while ((current = Volatile.Read(ref casMax)) < value && Interlocked.CompareExchange(ref casMax, value, current) != current) { }
        Interlocked.Exchange(ref exchanged, 1);
    }
    Interlocked.Decrement(ref incremented);
});
Console.WriteLine($"interlocked: increments {incremented}, added {added}, CAS sum {casSum}, CAS max {casMax}, exchanged {exchanged}");
int cell = 0;
int first = Interlocked.CompareExchange(ref cell, 5, 0);
int second = Interlocked.CompareExchange(ref cell, 7, 0);
int old = Interlocked.Exchange(ref cell, 9);
object? slot = null;
var payload = new object();
bool installed = Interlocked.CompareExchange(ref slot, payload, null) == null;
bool installedAgain = Interlocked.CompareExchange(ref slot, new object(), null) == null;
Console.WriteLine($"compare-exchange: {first} {second} {old} {cell}, installed {installed}, again {installedAgain}, same {ReferenceEquals(slot, payload)}");
long big = long.MaxValue - 1;
Interlocked.Increment(ref big);
uint unsignedValue = 0;
Interlocked.Decrement(ref unsignedValue);
Console.WriteLine($"limits: {big == long.MaxValue} {unsignedValue} {Interlocked.Or(ref cell, 6)} {cell} {Interlocked.And(ref cell, 12)} {cell}");

// Monitor.Wait/Pulse: two producers and two consumers over a bounded queue.
const int Capacity = 4;
const int PerProducer = 500;
var queue = new Queue<int>();
var queueGate = new object();
long consumedSum = 0;
int consumedCount = 0;
int maxDepth = 0;
bool overfilled = false;
var producers = new Thread[2];
var consumers = new Thread[2];
var perConsumer = new long[2];
for (int c = 0; c < consumers.Length; c++)
{
    int index = c;
    consumers[c] = new Thread(() =>
    {
        long sum = 0;
        int count = 0;
        while (true)
        {
            int item;
            lock (queueGate)
            {
                while (queue.Count == 0) Monitor.Wait(queueGate);
                item = queue.Dequeue();
                Monitor.PulseAll(queueGate);
            }
            if (item < 0) break;
            sum += item;
            count++;
        }
        perConsumer[index] = sum;
        Interlocked.Add(ref consumedSum, sum);
        Interlocked.Add(ref consumedCount, count);
    });
}
for (int p = 0; p < producers.Length; p++)
{
    int index = p;
    producers[p] = new Thread(() =>
    {
        for (int i = 1; i <= PerProducer; i++)
        {
            lock (queueGate)
            {
                while (queue.Count >= Capacity) Monitor.Wait(queueGate);
                queue.Enqueue(index * 1000 + i);
                if (queue.Count > maxDepth) maxDepth = queue.Count;
                if (queue.Count > Capacity) overfilled = true;
                Monitor.PulseAll(queueGate);
            }
        }
    });
}
foreach (var th in consumers) th.Start();
foreach (var th in producers) th.Start();
foreach (var th in producers) th.Join();
for (int c = 0; c < consumers.Length; c++)
{
    lock (queueGate)
    {
        while (queue.Count >= Capacity) Monitor.Wait(queueGate);
        queue.Enqueue(-1);
        Monitor.PulseAll(queueGate);
    }
}
foreach (var th in consumers) th.Join();
Console.WriteLine($"producer/consumer: consumed {consumedCount} items, sum {consumedSum}, parts add up: {perConsumer.Sum() == consumedSum}");
Console.WriteLine($"bounded: {maxDepth <= Capacity && !overfilled}, left in queue: {queue.Count}");

// Monitor.Wait with a timeout that is pulsed (the waiter returns true) and a handshake.
var handshake = new object();
bool ready = false;
bool waitResult = false;
Thread waiter;
lock (handshake)
{
    waiter = new Thread(() =>
    {
        lock (handshake)
        {
            ready = true;
            Monitor.Pulse(handshake);
            waitResult = Monitor.Wait(handshake, TimeSpan.FromSeconds(60));
        }
    });
    waiter.Start();
    while (!ready) Monitor.Wait(handshake);
    Monitor.Pulse(handshake);
}
waiter.Join();
Console.WriteLine($"pulsed wait returned: {waitResult}");

// Monitor.TryEnter.
var free = new object();
bool entered = Monitor.TryEnter(free, 1000);
Console.WriteLine($"try-enter free lock: {entered}, entered: {Monitor.IsEntered(free)}");
bool otherGot = true;
bool otherGotTimed = true;
var contender = new Thread(() =>
{
    otherGot = Monitor.TryEnter(free);
    otherGotTimed = Monitor.TryEnter(free, 20);
});
contender.Start();
contender.Join();
Monitor.Exit(free);
Console.WriteLine($"try-enter held lock from another thread: {otherGot}, with timeout: {otherGotTimed}, still entered here: {Monitor.IsEntered(free)}");
bool lockTaken = false;
var releasedGot = false;
var after = new Thread(() =>
{
    Monitor.TryEnter(free, TimeSpan.FromSeconds(60), ref lockTaken);
    releasedGot = lockTaken;
    if (lockTaken) Monitor.Exit(free);
});
after.Start();
after.Join();
Console.WriteLine($"try-enter after release: {releasedGot}");

// ReaderWriterLockSlim: writers add two items at a time, readers check the count is even.
var rw = new ReaderWriterLockSlim();
var shared = new List<int>();
int oddSeen = 0;
long readerChecks = 0;
RunAll(N, index =>
{
    for (int i = 0; i < 500; i++)
    {
        if (index < 2)
        {
            rw.EnterWriteLock();
            try { shared.Add(i); shared.Add(-i); }
            finally { rw.ExitWriteLock(); }
        }
        else
        {
            rw.EnterReadLock();
            try
            {
                if (shared.Count % 2 != 0) Interlocked.Increment(ref oddSeen);
                Interlocked.Increment(ref readerChecks);
            }
            finally { rw.ExitReadLock(); }
        }
    }
});
Console.WriteLine($"reader-writer: {shared.Count} items, sum {shared.Sum()}, odd counts seen {oddSeen}, reads {readerChecks}");
rw.EnterReadLock();
bool otherRead = false, otherWrite = true;
var rwOther = new Thread(() =>
{
    otherRead = rw.TryEnterReadLock(0);
    if (otherRead) rw.ExitReadLock();
    otherWrite = rw.TryEnterWriteLock(0);
    if (otherWrite) rw.ExitWriteLock();
});
rwOther.Start();
rwOther.Join();
Console.WriteLine($"while read-held: held {rw.IsReadLockHeld}, another reader {otherRead}, a writer {otherWrite}");
rw.ExitReadLock();
rw.EnterUpgradeableReadLock();
rw.EnterWriteLock();
shared.Clear();
Console.WriteLine($"upgraded: write held {rw.IsWriteLockHeld}, upgradeable held {rw.IsUpgradeableReadLockHeld}");
rw.ExitWriteLock();
rw.ExitUpgradeableReadLock();
Console.WriteLine($"released: {!rw.IsReadLockHeld && !rw.IsWriteLockHeld && !rw.IsUpgradeableReadLockHeld}, count {shared.Count}");
rw.Dispose();

// SpinLock.
var spin = new SpinLock(enableThreadOwnerTracking: false);
int spinCounter = 0;
RunAll(N, index =>
{
    for (int i = 0; i < 5000; i++)
    {
        bool taken = false;
        try
        {
            spin.Enter(ref taken);
            spinCounter += index + 1;
        }
        finally
        {
            if (taken) spin.Exit();
        }
    }
});
Console.WriteLine($"spin lock: {spinCounter}, held {spin.IsHeld}");
var tracked = new SpinLock(enableThreadOwnerTracking: true);
bool trackedTaken = false;
tracked.TryEnter(ref trackedTaken);
bool otherTracked = true;
var spinOther = new Thread(() =>
{
    bool t = false;
    tracked.TryEnter(0, ref t);
    otherTracked = t;
    if (t) tracked.Exit();
});
spinOther.Start();
spinOther.Join();
Console.WriteLine($"tracked spin lock: taken {trackedTaken}, by me {tracked.IsHeldByCurrentThread}, by another {otherTracked}");
tracked.Exit();
Console.WriteLine($"after exit: held {tracked.IsHeld}");

// The Lock type (C# 13 lock statement over System.Threading.Lock).
var newLock = new Lock();
long lockSum = 0;
RunAll(N, index =>
{
    for (int i = 0; i < 2000; i++)
        lock (newLock) lockSum += i;
});
Console.WriteLine($"Lock: {lockSum}, held {newLock.IsHeldByCurrentThread}");
