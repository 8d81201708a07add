using System.Text;

// GC stress: allocates about 1.4 GB in total (far more than a VeridianOS process may hold)
// while keeping a live set of a few MiB that changes all the time: short-lived strings, arrays,
// lists and dictionaries, arrays of structs holding references, large arrays, and a tree that
// lives throughout. Everything printed is a checksum of contents (no memory numbers), so the
// host and VeridianOS must agree exactly.
const int Rounds = 60;
ulong seed = 12345;
ulong Next() { seed = seed * 6364136223846793005UL + 1442695040888963407UL; return seed >> 33; }

long allocated = 0;
var ring = new object[64];            // the changing live set: about 5 MiB
var tree = Tree.Build(14);            // 16383 nodes, alive throughout
long treeSum = tree.Sum();
var wide = new Tree[70_000];          // more objects with references than the collector's mark stack holds
for (int i = 0; i < wide.Length; i++) wide[i] = new Tree { Value = i, Label = "w", Left = i > 0 ? wide[i - 1] : null };
long checksum = 0;

for (int round = 0; round < Rounds; round++)
{
    // Short-lived small objects: strings and string builders.
    for (int i = 0; i < 2000; i++)
    {
        string s = "item-" + i.ToString() + "-" + round.ToString();
        var sb = new StringBuilder(s).Append('/').Append(s.Length);
        checksum += sb.ToString().GetHashCode() == 0 ? 1 : sb.Length;
        allocated += 2 * s.Length + 2 * sb.Length + 96;
    }
    // Short-lived collections.
    var list = new List<int>();
    for (int i = 0; i < 5000; i++) list.Add(i ^ round);
    var dict = new Dictionary<int, string>();
    for (int i = 0; i < 500; i++) dict[i] = (i * round).ToString();
    checksum += list.Sum() + dict[round % 500].Length;
    allocated += 5000 * 4 * 2 + 500 * 64;

    // Arrays of structs holding references (value-type array GC descriptors).
    var pairs = new Pair[1000];
    for (int i = 0; i < pairs.Length; i++) pairs[i] = new Pair { Value = i, Name = "p" + (i % 97).ToString(), Box = new int[i % 7] };
    // The live set: replace entries with medium and large arrays whose contents are checked later.
    for (int i = 0; i < 64; i++)
    {
        int slot = (int)(Next() % (ulong)ring.Length);
        if (ring[slot] is byte[] old) checksum += Check(old);
        else if (ring[slot] is Pair[] oldPairs) checksum += oldPairs[oldPairs.Length - 1].Name.Length;
        int size = (int)(Next() % 3) switch { 0 => 100 + (int)(Next() % 4000), 1 => 10_000 + (int)(Next() % 60_000), _ => 100_000 + (int)(Next() % 200_000) };
        if (i % 16 == 0) { ring[slot] = pairs; continue; }
        var data = new byte[size];
        byte fill = (byte)Next();
        for (int k = 0; k < data.Length; k += 61) data[k] = fill;
        data[0] = fill;
        ring[slot] = data;
        allocated += size;
    }
    // Garbage large arrays, never kept.
    for (int i = 0; i < 20; i++)
    {
        var big = new long[100_000 + i * 1000];
        big[big.Length - 1] = i;
        checksum += big[big.Length - 1];
        allocated += big.Length * 8;
    }
    for (int i = 0; i < pairs.Length; i += 100) checksum += pairs[i].Value + pairs[i].Name.Length + pairs[i].Box.Length;
    allocated += pairs.Length * 80;
    if (tree.Sum() != treeSum) { Console.WriteLine("tree corrupted in round " + round); return 1; }
    if (round % 10 == 0)
        for (int i = 0; i < wide.Length; i++)
            if (wide[i].Value != i || wide[i].Label != "w" || (i > 0 && wide[i].Left != wide[i - 1])) { Console.WriteLine("wide array corrupted in round " + round); return 1; }
}

long ringSum = 0;
foreach (object o in ring)
{
    if (o is byte[] b) ringSum += Check(b);
    else if (o is Pair[] p) ringSum += p[999].Value + p[999].Name.Length;
}
Console.WriteLine($"tree: {treeSum}");
Console.WriteLine($"wide: {wide.Length} {wide[wide.Length - 1].Value}");
Console.WriteLine($"checksum: {checksum}");
Console.WriteLine($"live set: {ringSum}");
Console.WriteLine(allocated > 1_000_000_000 ? "allocated more than 1 GB: yes" : $"allocated only {allocated}");
Console.WriteLine("ok");
return 0;

static long Check(byte[] data)
{
    byte fill = data[0];
    long sum = 0;
    for (int k = 0; k < data.Length; k += 61)
    {
        if (data[k] != fill) throw new Exception("live array corrupted");
        sum += data[k];
    }
    return sum + data.Length;
}

struct Pair
{
    public int Value;
    public string Name;
    public int[] Box;
}

sealed class Tree
{
    public Tree Left, Right;
    public int Value;
    public string Label;

    public static Tree Build(int depth, int value = 1)
    {
        var t = new Tree { Value = value, Label = depth.ToString() };
        if (depth > 1)
        {
            t.Left = Build(depth - 1, value * 2);
            t.Right = Build(depth - 1, value * 2 + 1);
        }
        return t;
    }

    public long Sum() => Value + Label.Length + (Left?.Sum() ?? 0) + (Right?.Sum() ?? 0);
}
