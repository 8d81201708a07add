// CoreLib's own exception messages, as .NET prints them: the text comes from CoreLib's resources
// (docs/dotnet.md "Exceptions"), so a program's error report reads the same as on the host.
using System.Collections.Generic;
using System.Globalization;

static void Show(string what, Action action)
{
    try
    {
        action();
        Console.WriteLine($"{what}: no exception");
    }
    catch (Exception e)
    {
        Console.WriteLine($"{what}: {e.GetType().Name}: {e.Message}");
    }
}

int zero = 0;
int[] small = new int[2];
string? nothing = null;
var dict = new Dictionary<string, int> { ["one"] = 1 };
var list = new List<int> { 1, 2, 3 };

Show("divide", () => Console.WriteLine(1 / zero));
Show("index", () => Console.WriteLine(small[zero + 5]));
Show("null", () => Console.WriteLine(nothing!.Length));
Show("key", () => Console.WriteLine(dict["two"]));
Show("list index", () => Console.WriteLine(list[7]));
Show("modified", () => { foreach (int i in list) list.Add(i); });
Show("parse", () => Console.WriteLine(int.Parse("12x", CultureInfo.InvariantCulture)));
Show("overflow", () => Console.WriteLine(checked(int.MaxValue + zero + 1)));
Show("argument null", () => ArgumentNullException.ThrowIfNull(nothing));
Show("out of range", () => Console.WriteLine("abc".Substring(5)));
Show("empty sequence", () => Console.WriteLine(new int[0].Max()));
Show("single", () => Console.WriteLine(list.Single()));
Show("format", () => Console.WriteLine(string.Format("{1}", "a")));
Show("not supported", () => ((ICollection<int>)Array.AsReadOnly(small)).Add(1));
Show("invalid operation", () => new Queue<int>().Dequeue());
Show("object disposed", () => { var s = new MemoryStream(); s.Dispose(); s.WriteByte(1); });
Show("guid", () => Console.WriteLine(Guid.Parse("nope")));
Show("enum", () => Console.WriteLine(Enum.Parse<DayOfWeek>("Someday")));
Show("date", () => Console.WriteLine(new DateTime(2026, 13, 1)));
