using System.Diagnostics;
using System.Runtime.InteropServices;

// GC pause for a given live heap: builds a live set, then times GC.Collect() (best of 5) with
// nothing to free, so the figure is mark + sweep of that heap. Shapes: small objects in a linked
// structure (8 bytes of reference, an int and a 24-byte array each: the worst case per byte),
// and large pointer-free arrays (the best case). Output: live MiB, shape, counter delta.
bool tsc = HaveTsc();
Console.WriteLine(tsc ? "unit: TSC (instructions under -icount shift=0)" : "unit: Stopwatch ticks");
Measure("empty", 0, () => null);
foreach (int mib in new[] { 1, 4, 16 })
{
    Measure("small objects", mib, () => Nodes(mib));
    Measure("64 KiB arrays", mib, () => Arrays(mib, 65536));
    Measure("1 KiB arrays", mib, () => Arrays(mib, 1024));
}
// Memory given back: the heap's committed size with 32 MiB of arrays live, then after dropping
// them (pointer-free arrays, so a stale conservative root keeps at most one of them).
Report("before");
Holder.Keep = Arrays(32, 65536);
Report("32 MiB live");
Holder.Keep = null;
Report("dropped");

static void Report(string when)
{
    GC.Collect();
    var info = GC.GetGCMemoryInfo();
    Console.WriteLine($"{when}: heap {info.HeapSizeBytes / 1024} KiB, committed {info.TotalCommittedBytes / 1024} KiB");
}
return 0;

void Measure(string shape, int mib, Func<object> build)
{
    object live = build();
    GC.Collect();
    ulong best = ulong.MaxValue;
    for (int i = 0; i < 5; i++)
    {
        ulong t0 = Now();
        GC.Collect();
        ulong t = Now() - t0;
        if (t < best) best = t;
    }
    GC.KeepAlive(live);
    Console.WriteLine($"{mib,3} MiB {shape,-14} {best,12:N0}");
}

static object Nodes(int mib)
{
    // A node: header 8 + MT 8 + next 8 + value 4 (+4) + array ref 8 = 40 → 40-byte cell; its
    // int[2] array: 8 + 8 + 8 + 8 = 32. About 72 bytes per node.
    Node head = null;
    long count = (long)mib * 1024 * 1024 / 72;
    for (long i = 0; i < count; i++) head = new Node { Next = head, Value = (int)i, Data = new int[2] };
    return head;
}

static object Arrays(int mib, int size)
{
    var list = new byte[(long)mib * 1024 * 1024 / size][];
    for (int i = 0; i < list.Length; i++) list[i] = new byte[size - 32];
    return list;
}

bool HaveTsc()
{
    try { Native.Rdtsc(); return true; }
    catch (EntryPointNotFoundException) { return false; }
    catch (DllNotFoundException) { return false; }
}

ulong Now() => tsc ? Native.Rdtsc() : (ulong)Stopwatch.GetTimestamp();

static class Holder
{
    public static object Keep;
}

sealed class Node
{
    public Node Next;
    public int Value;
    public int[] Data;
}

static class Native
{
    [DllImport("libSystem.Native", EntryPoint = "veridian_rdtsc")]
    public static extern ulong Rdtsc();
}
