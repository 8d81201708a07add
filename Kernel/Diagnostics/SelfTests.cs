using System;
using Veridian.Kernel.Boot;
using Veridian.Kernel.Console;
using Veridian.Kernel.Memory;

namespace Veridian.Kernel.Diagnostics
{
    /// <summary>
    /// Checks that can only be made on the real machine: the freestanding runtime's object model
    /// (virtual and interface dispatch, generics, statics, spans, casts), the kernel heap, and
    /// what the boot loader handed over. Run with the `selftest` command-line flag; the result
    /// ends QEMU through isa-debug-exit.
    /// </summary>
    public static class SelfTests
    {
        private static int s_passed, s_failed;

        public static bool Run(Machine machine, BootInfo boot, KernelServices services)
        {
            s_passed = s_failed = 0;
            KernelConsole.WriteLine("selftest: starting");
            Check("heap allocate and free", HeapRoundTrip(machine));
            Check("virtual dispatch", VirtualDispatch());
            Check("interface dispatch", InterfaceDispatch());
            Check("generics", Generics());
            Check("static constructors", StaticConstructors());
            Check("spans", Spans());
            Check("strings", Strings());
            Check("arrays and casts", ArraysAndCasts());
            Check("nullable", NullableValues());
            Check("boot information", boot.UsableMemoryBytes > 1024 * 1024 && CommandLine.HasFlag(boot.CommandLine, "selftest"));
            Check("symbol table", Panic.Symbols != null && Panic.Symbols.Count > 100);
            Check("timestamp counter", TimestampAdvances(machine));
            if (services != null) ServiceSelfTests.Run(services);
            Check("heap consistent after all tests", machine.VerifyHeap(out _));
            KernelConsole.Write("selftest: ");
            KernelConsole.WriteDecimal((ulong)s_passed);
            KernelConsole.Write(" passed, ");
            KernelConsole.WriteDecimal((ulong)s_failed);
            KernelConsole.WriteLine(" failed");
            return s_failed == 0;
        }

        internal static void Check(string name, bool ok)
        {
            KernelConsole.Write("selftest: ");
            KernelConsole.Write(name);
            KernelConsole.WriteLine(ok ? " ... ok" : " ... FAILED");
            if (ok) s_passed++; else s_failed++;
        }

        private sealed class Node
        {
            public Node Next;
            public int Value;
            public byte[] Payload;
        }

        private static bool HeapRoundTrip(Machine machine)
        {
            if (!machine.VerifyHeap(out ulong before)) return false;
            Node head = null;
            for (int i = 0; i < 200; i++)
                head = new Node { Next = head, Value = i, Payload = new byte[i * 8] };
            if (!machine.VerifyHeap(out ulong during) || during <= before) return false;
            int sum = 0;
            while (head != null)
            {
                Node next = head.Next;
                sum += head.Value;
                if (head.Payload.Length != head.Value * 8) return false;
                Objects.Free(head.Payload);
                Objects.Free(head);
                head = next;
            }
            return sum == 199 * 200 / 2 && machine.VerifyHeap(out ulong after) && after == before;
        }

        private abstract class Shape
        {
            public abstract int Area();
            public virtual int Sides() => 0;
        }

        private sealed class Square : Shape
        {
            private readonly int _side;
            public Square(int side) { _side = side; }
            public override int Area() => _side * _side;
            public override int Sides() => 4;
        }

        private sealed class Rectangle : Shape
        {
            private readonly int _w, _h;
            public Rectangle(int w, int h) { _w = w; _h = h; }
            public override int Area() => _w * _h;
        }

        private static bool VirtualDispatch()
        {
            Shape[] shapes = { new Square(3), new Rectangle(2, 5) };
            int area = 0, sides = 0;
            foreach (Shape s in shapes) { area += s.Area(); sides += s.Sides(); }
            return area == 19 && sides == 4;
        }

        private interface ICounter
        {
            int Next();
        }

        private interface INamed
        {
            int NameLength();
        }

        private sealed class Up : ICounter, INamed
        {
            private int _n;
            public int Next() => ++_n;
            public int NameLength() => 2;
        }

        private sealed class Down : ICounter
        {
            private int _n = 100;
            public int Next() => --_n;
        }

        private static bool InterfaceDispatch()
        {
            ICounter[] counters = { new Up(), new Down(), new Up() };
            int total = 0;
            for (int round = 0; round < 3; round++)
                for (int i = 0; i < counters.Length; i++) total += counters[i].Next();
            object o = counters[0];
            return total == (1 + 2 + 3) * 2 + 99 + 98 + 97 && o is INamed named && named.NameLength() == 2 && !(counters[1] is INamed);
        }

        private sealed class Pair<TFirst, TSecond>
        {
            public TFirst First;
            public TSecond Second;
        }

        private static T Pick<T>(bool first, T a, T b) => first ? a : b;

        private static bool Generics()
        {
            var p = new Pair<int, string> { First = 7, Second = "seven" };
            var q = new Pair<string, Pair<int, string>> { First = "nested", Second = p };
            return Pick(true, 1, 2) == 1 && Pick(false, "a", "b") == "b" && q.Second.First == 7 && q.Second.Second.Length == 5;
        }

        private static class Lazy
        {
            public static readonly int[] Table;
            public static int Runs;

            static Lazy()
            {
                Runs++;
                Table = new int[16];
                for (int i = 0; i < Table.Length; i++) Table[i] = i * i;
            }
        }

        private static readonly int[] s_primes = { 2, 3, 5, 7, 11, 13 };

        private static bool StaticConstructors()
        {
            int a = Lazy.Table[15];
            int b = Lazy.Table[4];
            return a == 225 && b == 16 && Lazy.Runs == 1 && s_primes[5] == 13;
        }

        private static bool Spans()
        {
            Span<int> numbers = stackalloc int[8];
            for (int i = 0; i < numbers.Length; i++) numbers[i] = i + 1;
            numbers.Slice(0, 6).CopyTo(numbers.Slice(2));      // overlapping copy, like memmove
            int sum = 0;
            foreach (int n in numbers) sum += n;
            var array = new byte[32];
            array.AsSpan(8, 8).Fill(0xAB);
            ReadOnlySpan<byte> view = array;
            return sum == 1 + 2 + (1 + 2 + 3 + 4 + 5 + 6) && view[7] == 0 && view[8] == 0xAB && view[15] == 0xAB && view[16] == 0;
        }

        private static bool Strings()
        {
            string s = "VeridianOS";
            ReadOnlySpan<char> span = s;
            return s.Length == 10 && s[0] == 'V' && span[9] == 'S' && s == "VeridianOS" && s != "Veridian";
        }

        private struct Point
        {
            public int X, Y;
        }

        private static bool ArraysAndCasts()
        {
            var points = new Point[4];
            for (int i = 0; i < points.Length; i++) { points[i].X = i; points[i].Y = -i; }
            int[][] jagged = { new int[] { 1 }, new int[] { 2, 3 } };
            object shape = new Square(2);
            object[] objects = new Shape[2];
            objects[0] = new Square(1);
            return points[3].X == 3 && points[3].Y == -3 && jagged[1][1] == 3 && shape is Shape && !(shape is Rectangle)
                && (shape as Rectangle) == null && objects[0] is Square;
        }

        private static bool NullableValues()
        {
            int? none = null;
            int? some = 42;
            return !none.HasValue && some.HasValue && some.Value == 42 && none.GetValueOrDefault(7) == 7;
        }

        private static bool TimestampAdvances(Machine machine)
        {
            ulong t0 = machine.ReadTimestamp();
            int spin = 0;
            for (int i = 0; i < 1000; i++) spin += i;
            return machine.ReadTimestamp() > t0 && spin > 0;
        }
    }
}
