// The collector with several threads: four workers allocate and discard strings, lists,
// dictionaries and arrays while the main thread (and one worker) call GC.Collect. Each worker's
// live data is a linked chain of nodes reachable only from that worker's own locals (its stack
// and registers): if a collection failed to stop a thread or to scan its stack, the chain would
// be freed and reused, and the worker's verification at the end would fail. The workers only
// compute; the main thread prints their verdicts in thread order after the joins.

const int Workers = 4;
const int Rounds = 150;
var verdicts = new string[Workers];
int finished = 0;
var threads = new Thread[Workers];
for (int t = 0; t < Workers; t++)
{
    int index = t;
    threads[t] = new Thread(() =>
    {
        verdicts[index] = Worker.Run(index, Rounds);
        Interlocked.Increment(ref finished);
    });
}
foreach (var th in threads) th.Start();

// Collect while the workers run (how many times depends on timing and is not printed). Halfway
// through, every worker waits until the main thread has collected twice more with all of them
// parked at that point, half of their chains built.
int collections = 0;
int collectionsWithAllHalfway = 0;
while (Volatile.Read(ref finished) < Workers || collections < 3)
{
    bool allHalfway = Volatile.Read(ref Worker.Halfway) == Workers;
    GC.Collect();
    collections++;
    if (allHalfway && ++collectionsWithAllHalfway == 2) Worker.Resume.Set();
    Thread.Sleep(1);
}
foreach (var th in threads) th.Join();
GC.Collect();
for (int t = 0; t < Workers; t++) Console.WriteLine($"thread {t}: {verdicts[t]}");
Console.WriteLine($"GC.CollectionCount(0) > 0: {GC.CollectionCount(0) > 0}");
Console.WriteLine($"main collected at least 3 times: {collections >= 3}, twice with all workers halfway: {collectionsWithAllHalfway >= 2}");

sealed class Node
{
    public Node? Next;
    public string Text = "";
    public int[] Data = [];
    public List<string>? Words;
    public long Check;
}

static class Worker
{
    public static int Halfway;
    public static readonly ManualResetEventSlim Resume = new(false);

    public static string Run(int index, int rounds)
    {
        Node? chain = null;                       // the live data: only this local refers to it
        var keptStrings = new string[rounds];     // and this one
        long expected = 0;
        long garbage = 0;
        uint seed = (uint)(index * 7919 + 1);
        int nodes = 0;
        for (int round = 0; round < rounds; round++)
        {
            // Garbage: strings, a list, a dictionary and arrays that die at the end of the round.
            var list = new List<string>();
            for (int i = 0; i < 40; i++) list.Add("g" + index + ":" + round + ":" + i);
            var dict = new Dictionary<int, string>();
            foreach (var s in list) dict[s.Length * 1000 + dict.Count] = s + "!";
            var arrays = new int[10][];
            for (int i = 0; i < arrays.Length; i++) arrays[i] = new int[20 + i];
            garbage += list.Count + dict.Count + arrays.Sum(a => a.Length);

            // Live: two new nodes a round, each with its own string, array and list.
            for (int k = 0; k < 2; k++)
            {
                seed = seed * 1103515245 + 12345;
                var node = new Node
                {
                    Next = chain,
                    Text = $"node {index}.{round}.{k}",
                    Data = new int[8 + (int)(seed % 24)],
                    Words = new List<string> { "w" + (seed % 1000), "x" + round },
                };
                for (int i = 0; i < node.Data.Length; i++) node.Data[i] = (int)(seed >> 8) + i * (index + 1);
                node.Check = Checksum(node);
                expected += node.Check;
                chain = node;
                nodes++;
            }
            keptStrings[round] = new string((char)('a' + index), round % 50 + 1) + round;

            if (round == rounds / 2)
            {
                Interlocked.Increment(ref Halfway);
                Resume.Wait();
            }

            // One worker also collects, from a second thread.
            if (index == 1 && round % 50 == 25) GC.Collect();
        }

        // Verify: every node still holds what it was built with, and the chain is complete.
        long actual = 0;
        int count = 0;
        bool textsOk = true;
        int expectedRound = rounds - 1, expectedK = 1;
        for (Node? n = chain; n != null; n = n.Next)
        {
            if (Checksum(n) != n.Check) return $"node {count} corrupted";
            if (n.Text != $"node {index}.{expectedRound}.{expectedK}") textsOk = false;
            if (--expectedK < 0) { expectedK = 1; expectedRound--; }
            actual += n.Check;
            count++;
        }
        for (int round = 0; round < rounds; round++)
            if (keptStrings[round] != new string((char)('a' + index), round % 50 + 1) + round) textsOk = false;
        if (count != nodes) return $"chain has {count} nodes, built {nodes}";
        if (actual != expected) return $"checksum {actual}, expected {expected}";
        if (!textsOk) return "texts changed";
        return $"ok ({count} nodes, checksum {actual}, garbage {garbage})";
    }

    private static long Checksum(Node n)
    {
        long sum = n.Text.Length;
        foreach (char c in n.Text) sum = sum * 31 + c;
        foreach (int d in n.Data) sum = sum * 17 + d;
        foreach (string w in n.Words!) foreach (char c in w) sum = sum * 13 + c;
        return sum;
    }
}
