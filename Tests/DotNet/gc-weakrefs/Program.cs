using System.Runtime.CompilerServices;

// Weak references, GC.Collect and ConditionalWeakTable, with results that are the same under
// any correct collector: objects still referenced survive and keep their weak references alive;
// objects referenced from nowhere are collected once the stack is scrubbed of stale copies
// (VeridianOS scans stacks conservatively); a table's value lives exactly as long as its key.
var keep = new Payload("kept");
var weakKept = new WeakReference(keep);
var weakLost = MakeLostWeak();
var weakTyped = MakeLostTyped();
var table = new ConditionalWeakTable<Payload, Payload>();
table.Add(keep, new Payload("value of kept"));
var weakValue = AddDroppedKey(table);
int before = GC.CollectionCount(0);
StackScrub.Run();
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();

Console.WriteLine($"collections counted: {GC.CollectionCount(0) - before >= 2}");
Console.WriteLine($"kept alive: {weakKept.IsAlive} {((Payload)weakKept.Target)?.Name}");
Console.WriteLine($"dropped collected: {!weakLost.IsAlive}");
Console.WriteLine($"typed weak dropped: {!weakTyped.TryGetTarget(out _)}");
Console.WriteLine($"table value of live key: {(table.TryGetValue(keep, out var v) ? v.Name : "missing")}");
Console.WriteLine($"table value of dead key collected: {!weakValue.IsAlive}");

// A dropped large array shows in GC.GetTotalMemory (allocated and dropped in a helper, so no
// copy of the reference stays in this frame).
var (baseline, withBig, length) = BigArrayCycle();
Console.WriteLine($"big array counted: {withBig - baseline >= 16_000_000} ({length})");
StackScrub.Run();
long after = GC.GetTotalMemory(true);
Console.WriteLine($"big array reclaimed: {withBig - after >= 16_000_000}");

// Many short-lived weak references: their handles are reused, their targets collected.
int alive = 0;
var weaks = new List<WeakReference>();
for (int round = 0; round < 20; round++)
{
    weaks.Clear();
    MakeWeaks(weaks, 1000);
    StackScrub.Run();
    GC.Collect();
    foreach (var w in weaks) if (w.IsAlive) alive++;
}
Console.WriteLine($"short-lived weak targets alive after collection: {alive}");
GC.KeepAlive(keep);
Console.WriteLine("ok");
return 0;

[MethodImpl(MethodImplOptions.NoInlining)]
static WeakReference MakeLostWeak() => new WeakReference(new Payload("lost"));

[MethodImpl(MethodImplOptions.NoInlining)]
static WeakReference<Payload> MakeLostTyped() => new WeakReference<Payload>(new Payload("lost typed"));

[MethodImpl(MethodImplOptions.NoInlining)]
static WeakReference AddDroppedKey(ConditionalWeakTable<Payload, Payload> table)
{
    var key = new Payload("dropped key");
    var value = new Payload("value of dropped key");
    table.Add(key, value);
    return new WeakReference(value);
}

[MethodImpl(MethodImplOptions.NoInlining)]
static (long, long, int) BigArrayCycle()
{
    long baseline = GC.GetTotalMemory(true);
    Holder.Big = new byte[20_000_000];
    long withBig = GC.GetTotalMemory(false);
    int length = Holder.Big.Length;
    Holder.Big = null;
    return (baseline, withBig, length);
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void MakeWeaks(List<WeakReference> into, int count)
{
    for (int i = 0; i < count; i++) into.Add(new WeakReference(new Payload(i.ToString())));
}

static class Holder
{
    public static byte[] Big;
}

sealed class Payload
{
    public readonly string Name;
    public readonly int[] Data = new int[16];
    public Payload(string name) { Name = name; }
}
