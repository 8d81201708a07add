// LINQ: Where, Select, OrderBy, GroupBy, Aggregate, Join, Zip, Skip/Take, Any/All, ToDictionary.
var people = new[]
{
    new { Name = "Ada", Age = 36, City = "London" },
    new { Name = "Grace", Age = 85, City = "New York" },
    new { Name = "Linus", Age = 54, City = "Portland" },
    new { Name = "Barbara", Age = 81, City = "New York" },
    new { Name = "Dennis", Age = 70, City = "Berkeley" },
    new { Name = "Ken", Age = 81, City = "Berkeley" },
};
Console.WriteLine("over 60: " + string.Join(", ", people.Where(p => p.Age > 60).Select(p => p.Name)));
Console.WriteLine("by age then name: " + string.Join(", ", people.OrderByDescending(p => p.Age).ThenBy(p => p.Name).Select(p => $"{p.Name}({p.Age})")));
foreach (var g in people.GroupBy(p => p.City).OrderBy(g => g.Key))
    Console.WriteLine($"{g.Key}: {g.Count()} people, mean age {g.Average(p => p.Age):F1}");
Console.WriteLine("sum of ages: " + people.Aggregate(0, (acc, p) => acc + p.Age));
Console.WriteLine("longest name: " + people.Select(p => p.Name).Aggregate((a, b) => a.Length >= b.Length ? a : b));
var cities = new[] { ("London", "UK"), ("New York", "US"), ("Berkeley", "US"), ("Portland", "US") };
var joined = people.Join(cities, p => p.City, c => c.Item1, (p, c) => $"{p.Name}/{c.Item2}");
Console.WriteLine("joined: " + string.Join(" ", joined));
Console.WriteLine("zip: " + string.Join(" ", Enumerable.Range(1, 4).Zip("abcd", (n, ch) => $"{ch}{n}")));
Console.WriteLine("page 2: " + string.Join(" ", Enumerable.Range(1, 20).Skip(5).Take(5)));
Console.WriteLine($"any > 80: {people.Any(p => p.Age > 80)}, all adults: {people.All(p => p.Age >= 18)}");
var byName = people.ToDictionary(p => p.Name, p => p.Age);
Console.WriteLine($"Ken is {byName["Ken"]}; min {people.Min(p => p.Age)}, max {people.Max(p => p.Age)}");
Console.WriteLine("distinct cities: " + string.Join("|", people.Select(p => p.City).Distinct().OrderBy(c => c)));
Console.WriteLine("squares: " + string.Join(",", Enumerable.Range(1, 10).Select(x => x * x).Where(x => x % 2 == 0).Reverse()));
var lookup = people.ToLookup(p => p.Age / 10 * 10);
Console.WriteLine("eighties: " + string.Join(",", lookup[80].Select(p => p.Name)));
Console.WriteLine("chunks: " + string.Join(" ", Enumerable.Range(1, 7).Chunk(3).Select(c => "[" + string.Join(",", c) + "]")));
