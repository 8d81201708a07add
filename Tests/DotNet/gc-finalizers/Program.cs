using System.Runtime.CompilerServices;

// Finalizers: they run on the finalizer thread after their object becomes unreachable, and
// GC.WaitForPendingFinalizers waits for them; GC.SuppressFinalize stops one, ReRegisterForFinalize
// brings it back; a finalizer can resurrect its object (a long weak reference still sees it, a
// short one does not). Results are the same under any correct collector: objects are dropped in
// helpers and the stack is scrubbed of stale copies (VeridianOS scans stacks conservatively).
const int Count = 200;
Tracked.MainThread = Environment.CurrentManagedThreadId;

MakeGarbage(Count, suppress: false);
Collect();
Console.WriteLine($"finalized after collect + wait: {Tracked.Finalized == Count} (of {Count})");
Console.WriteLine($"all ran on another thread: {Tracked.OnMainThread == 0}");

int before = Tracked.Finalized;
MakeGarbage(Count, suppress: true);
Collect();
Console.WriteLine($"suppressed ones not finalized: {Tracked.Finalized == before}");

before = Tracked.Finalized;
MakeReregistered();
Collect();
Console.WriteLine($"re-registered after suppress: {Tracked.Finalized - before}");

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
before = Tracked.Finalized;
MakeAllocatingFinalizers(50);
Collect();
Console.WriteLine($"finalizers that allocate: {Tracked.Finalized - before}, strings made: {Allocating.Made}");

// Many rounds: the queue drains every time and memory is given back.
for (int round = 0; round < 10; round++)
{
    MakeGarbage(500, suppress: false);
    Collect();
}
Console.WriteLine($"ten rounds of 500: {Tracked.Finalized - before - 50 == 5000}");
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
static void MakeGarbage(int n, bool suppress)
{
    for (int i = 0; i < n; i++)
    {
        var t = new Tracked(i);
        if (suppress) GC.SuppressFinalize(t);
    }
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeReregistered()
{
    for (int i = 0; i < 10; i++)
    {
        var t = new Tracked(i);
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

class Allocating : Tracked
{
    public static int Made;
    public Allocating() : base(-1) { }
    ~Allocating() { if (new string('x', 100).Length == 100) Interlocked.Increment(ref Made); }
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
