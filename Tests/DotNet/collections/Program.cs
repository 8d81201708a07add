// List, Dictionary, HashSet, Queue, Stack, SortedDictionary, LinkedList.
var list = new List<int>();
for (int i = 0; i < 20; i++) list.Add(i * 7 % 13);
list.Sort();
list.RemoveAll(x => x % 3 == 0);
Console.WriteLine("list: " + string.Join(",", list));
Console.WriteLine($"contains 5: {list.Contains(5)}, index of 8: {list.IndexOf(8)}, count {list.Count}");

var dict = new Dictionary<string, int>();
foreach (var w in "a b c a b a d e f a".Split(' ')) dict[w] = dict.GetValueOrDefault(w) + 1;
foreach (var kv in dict.OrderBy(kv => kv.Key)) Console.WriteLine($"{kv.Key} -> {kv.Value}");
dict.Remove("a");
Console.WriteLine($"after remove: {dict.Count} keys, has a: {dict.ContainsKey("a")}");

var set = new HashSet<int>(Enumerable.Range(0, 50).Select(i => i * i % 17));
Console.WriteLine($"distinct squares mod 17: {set.Count}: {string.Join(" ", set.OrderBy(x => x))}");
var other = new HashSet<int> { 1, 2, 3, 100 };
other.IntersectWith(set);
Console.WriteLine("intersection: " + string.Join(" ", other.OrderBy(x => x)));

var queue = new Queue<string>(new[] { "first", "second" });
queue.Enqueue("third");
Console.WriteLine($"dequeue {queue.Dequeue()}, peek {queue.Peek()}, left {queue.Count}");
var stack = new Stack<char>("stack");
Console.Write("popped: ");
while (stack.Count > 0) Console.Write(stack.Pop());
Console.WriteLine();

var sorted = new SortedDictionary<int, string> { [3] = "three", [1] = "one", [2] = "two" };
Console.WriteLine(string.Join(", ", sorted.Select(p => $"{p.Key}={p.Value}")));
var linked = new LinkedList<int>(new[] { 1, 2, 3 });
linked.AddFirst(0);
linked.AddAfter(linked.Find(2)!, 25);
Console.WriteLine("linked: " + string.Join(" ", linked));
var pq = new PriorityQueue<string, int>();
pq.Enqueue("low", 5); pq.Enqueue("high", 1); pq.Enqueue("mid", 3);
Console.Write("priority:");
while (pq.TryDequeue(out var item, out var prio)) Console.Write($" {item}({prio})");
Console.WriteLine();
