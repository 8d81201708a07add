// What GC.* reports about the heap, as facts every correct runtime agrees on (no byte counts
// are printed: they differ between collectors): the allocated-bytes counters, precise and not,
// only grow, and count an array that was allocated; collection counts only grow.
long before = GC.GetTotalAllocatedBytes(precise: true);
long beforeImprecise = GC.GetTotalAllocatedBytes();
var kept = new byte[1 << 20];
kept[12345] = 1;
long after = GC.GetTotalAllocatedBytes(precise: true);
Console.WriteLine($"precise counter counts a 1 MiB array: {after - before >= kept.Length}");
Console.WriteLine($"imprecise counter never runs ahead of the precise one: {beforeImprecise <= after}");
Console.WriteLine($"counters are positive: {before > 0 && beforeImprecise > 0}");

int collections = GC.CollectionCount(0);
for (int i = 0; i < 1000; i++) _ = new string('x', 1000);
GC.Collect();
Console.WriteLine($"collection count grew after GC.Collect: {GC.CollectionCount(0) > collections}");
long afterCollect = GC.GetTotalAllocatedBytes(true);
Console.WriteLine($"a collection does not lower the total allocated: {afterCollect >= after + 1000 * 2000}");
Console.WriteLine($"max generation: {GC.MaxGeneration}");
GC.KeepAlive(kept);
return 0;
