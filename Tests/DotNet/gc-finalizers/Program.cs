using System.Runtime.CompilerServices;

// Finalizers: they run on the finalizer thread after their object becomes unreachable, and
// GC.WaitForPendingFinalizers waits for them; GC.SuppressFinalize stops one, ReRegisterForFinalize
// brings it back; a finalizer can resurrect its object (a long weak reference still sees it, a
// short one does not). Objects are dropped in helpers and the stack is scrubbed of stale copies,
// but VeridianOS scans stacks and registers conservatively, and a stale word can still keep the
// odd object alive for a while (seen in Debug builds: the last one a helper allocated). So the
// counts printed are bounds that hold under any correct collector, precise or conservative, and
// each kind of object has its own counter, so a late finalizer cannot blur another check.
const int Count = 200;
Tracked.MainThread = Environment.CurrentManagedThreadId;

MakeGarbage(Count);
Collect();
Console.WriteLine($"finalized after collect + wait, all but at most 2: {Tracked.Finalized >= Count - 2 && Tracked.Finalized <= Count}");
Console.WriteLine($"all ran on another thread: {Tracked.OnMainThread == 0}");

MakeSuppressed(Count);
Collect();
Console.WriteLine($"suppressed ones not finalized: {Quiet.Finalized == 0}");

MakeReregistered();
Collect();
Console.WriteLine($"re-registered after suppress, 4 or 5 of 5: {Again.Finalized >= 4 && Again.Finalized <= 5}, the others not: {Again.Unexpected == 0}");

// Resurrection: each finalizer stores its object in a static list. A conservative collector may
// keep one or two alive by a stale stack word (then they are not finalized yet), so what is
// printed is what must hold for every object that was resurrected.
var weaks = MakeResurrecting(20);
Collect();
int revived = Phoenix.Saved.Count;
Console.WriteLine($"resurrected at least half: {revived >= 10}");
Console.WriteLine($"each resurrected one: short weak cleared, long weak kept: {AllRevivedHaveWeaks(weaks)}");
Console.WriteLine($"their finalizer saw whole objects: {Phoenix.Broken == 0}");
Phoenix.Saved.Clear();
Collect();
Console.WriteLine($"after the second death, long weak references of the revived cleared: {CountLongAlive(weaks) <= 20 - revived}");

// A finalizer that throws is an unhandled exception in .NET (the process ends), so none here
// does; one that allocates is fine.
MakeAllocatingFinalizers(50);
Collect();
Console.WriteLine($"finalizers that allocate, at least 48 of 50: {Allocating.Made >= 48 && Allocating.Made <= 50}");

// Many rounds: the queue drains every time and memory is given back.
int beforeRounds = Tracked.Finalized;
for (int round = 0; round < 10; round++)
{
    MakeGarbage(500);
    Collect();
}
Console.WriteLine($"ten rounds of 500, all but at most 2 per round: {Tracked.Finalized - beforeRounds >= 5000 - 20}");
Console.WriteLine("ok");
return 0;

static void Collect()
{
    StackScrub.Run();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeGarbage(int n)
{
    for (int i = 0; i < n; i++) _ = new Tracked(i);
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeSuppressed(int n)
{
    for (int i = 0; i < n; i++) GC.SuppressFinalize(new Quiet());
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeReregistered()
{
    for (int i = 0; i < 10; i++)
    {
        var t = new Again(i);
        GC.SuppressFinalize(t);
        if (i % 2 == 0) GC.ReRegisterForFinalize(t);
    }
}

[MethodImpl(MethodImplOptions.NoInlining)]
static List<(WeakReference Short, WeakReference Long)> MakeResurrecting(int n)
{
    var weaks = new List<(WeakReference, WeakReference)>();
    for (int i = 0; i < n; i++)
    {
        var p = new Phoenix(i);
        weaks.Add((new WeakReference(p, trackResurrection: false), new WeakReference(p, trackResurrection: true)));
    }
    return weaks;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static bool AllRevivedHaveWeaks(List<(WeakReference Short, WeakReference Long)> weaks)
{
    foreach (Phoenix p in Phoenix.Saved)
        if (weaks[p.Id].Short.IsAlive || weaks[p.Id].Long.Target != p) return false;
    return true;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static int CountLongAlive(List<(WeakReference Short, WeakReference Long)> weaks)
{
    int alive = 0;
    foreach (var w in weaks) if (w.Long.IsAlive) alive++;
    return alive;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeAllocatingFinalizers(int n)
{
    for (int i = 0; i < n; i++) _ = new Allocating();
}

class Tracked
{
    public static int Finalized;
    public static int OnMainThread;
    public static int MainThread;
    private readonly int _id;
    private readonly int[] _payload = new int[8];

    public Tracked(int id) { _id = id; _payload[0] = id; }

    ~Tracked()
    {
        if (_payload[0] != _id) throw new InvalidOperationException("finalizer saw a broken object");
        if (Environment.CurrentManagedThreadId == MainThread) Interlocked.Increment(ref OnMainThread);
        Interlocked.Increment(ref Finalized);
    }
}

class Allocating
{
    public static int Made;
    ~Allocating() { if (new string('x', 100).Length == 100) Interlocked.Increment(ref Made); }
}

class Quiet
{
    public static int Finalized;
    ~Quiet() => Interlocked.Increment(ref Finalized);
}

class Again
{
    public static int Finalized, Unexpected;
    private readonly int _id;
    public Again(int id) => _id = id;
    ~Again() => Interlocked.Increment(ref _id % 2 == 0 ? ref Finalized : ref Unexpected);
}

class Phoenix
{
    public static readonly List<Phoenix> Saved = new();
    public static int Broken;
    private readonly string _name;
    public int Id { get; }
    public Phoenix(int id) { Id = id; _name = "phoenix " + id; }
    ~Phoenix()
    {
        if (_name != "phoenix " + Id) Interlocked.Increment(ref Broken);
        lock (Saved) Saved.Add(this);
    }
}
