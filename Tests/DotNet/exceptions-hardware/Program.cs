// Written without nullable annotations: null references are what some of these cases are about.
#nullable disable
using System;
using System.Runtime.CompilerServices;

// Hardware faults as .NET exceptions: a null dereference, an integer division by zero and a division
// that overflows (MinValue / -1, MinValue % -1: x86 raises the same fault as for a zero divisor),
// caught, with finally blocks on the way and the program going on normally afterwards. The operands
// come through NoInlining methods, fields and arrays so ILC cannot fold them and the divide
// instruction reads its divisor from a register or from memory.
class Node
{
    public int Value;
    public Node Next;
}

static class Program
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Sum(Node n)
    {
        int total = 0;
        for (; ; n = n.Next) total += n.Value;     // ends with a null dereference
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Divide(int a, int b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Remainder(long a, long b) => a % b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int IntRemainder(int a, int b) => a % b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long LongDivide(long a, long b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint UnsignedDivide(uint a, uint b) => a / b;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong UnsignedRemainder(ulong a, ulong b) => a % b;

    sealed class Divisors { public int Int; public long Long; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int DivideByField(int a, Divisors d) => a / d.Int;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long RemainderByField(long a, Divisors d) => a % d.Long;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long DivideByElement(long a, long[] d, int i) => a / d[i];

    static int s_minusOne = -1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int DivideByStatic(int a) => a / s_minusOne;

    /// <summary>Runs one division, printing its result or the exception's type and message.</summary>
    static int Try(string what, Func<long> division)
    {
        try { Console.WriteLine($"{what} = {division()}"); return 0; }
        catch (ArithmeticException e) { Console.WriteLine($"{what}: {e.GetType().FullName}: {e.Message}"); return 1; }
    }

    /// <summary>MinValue / -1 and % -1 in every form, with the neighbours that do not overflow.</summary>
    static int Overflows(int round)
    {
        int minusOne = round - round - 1, zero = round - round;
        var d = new Divisors { Int = minusOne, Long = minusOne };
        long[] elements = { 2, minusOne, zero };
        int caught = 0;
        caught += Try("int.MinValue / -1", () => Divide(int.MinValue, minusOne));
        caught += Try("int.MinValue % -1", () => IntRemainder(int.MinValue, minusOne));
        caught += Try("long.MinValue / -1", () => LongDivide(long.MinValue, minusOne));
        caught += Try("long.MinValue % -1", () => Remainder(long.MinValue, minusOne));
        caught += Try("int.MinValue / field -1", () => DivideByField(int.MinValue, d));
        caught += Try("long.MinValue % field -1", () => RemainderByField(long.MinValue, d));
        caught += Try("long.MinValue / element -1", () => DivideByElement(long.MinValue, elements, 1));
        caught += Try("long.MinValue / element 0", () => DivideByElement(long.MinValue, elements, 2));
        caught += Try("int.MinValue / static -1", () => DivideByStatic(int.MinValue));
        caught += Try("int.MinValue / 1", () => Divide(int.MinValue, -minusOne));
        caught += Try("int.MaxValue / -1", () => Divide(int.MaxValue, minusOne));
        caught += Try("-1 % -1", () => IntRemainder(-1, minusOne));
        caught += Try("long.MinValue / 2", () => DivideByElement(long.MinValue, elements, 0));
        caught += Try("uint.MaxValue / 0", () => UnsignedDivide(uint.MaxValue, (uint)zero));
        caught += Try("ulong.MaxValue % 0", () => (long)UnsignedRemainder(ulong.MaxValue, (ulong)zero));
        caught += Try("uint.MaxValue / uint.MaxValue", () => UnsignedDivide(uint.MaxValue, uint.MaxValue));
        return caught;
    }

    static int Main()
    {
        var list = new Node { Value = 1, Next = new Node { Value = 2 } };
        int caught = 0;
        for (int round = 0; round < 3; round++)
        {
            try { Console.WriteLine("sum " + Sum(list)); }
            catch (NullReferenceException e) { caught++; Console.WriteLine($"round {round}: {e.GetType().FullName}"); }
            finally { Console.WriteLine("finally after null"); }

            try { Console.WriteLine(Divide(10, round - round)); }
            catch (DivideByZeroException e) { caught++; Console.WriteLine($"round {round}: {e.GetType().FullName}"); }

            try { Console.WriteLine(Remainder(7, 0)); }
            catch (ArithmeticException e) { caught++; Console.WriteLine($"round {round}: remainder {e.GetType().Name}"); }

            try { caught += Overflows(round); }
            finally { Console.WriteLine("finally after the overflows"); }

            try { Console.WriteLine(Divide(int.MinValue, round - round - 1)); }
            catch (OverflowException e) { caught++; Console.WriteLine($"round {round}: {e.GetType().FullName}"); }
            catch (DivideByZeroException) { Console.WriteLine($"round {round}: wrongly a DivideByZeroException"); }
        }
        Node empty = null;
        try { empty.Next = list; }                      // a null object given to the write barrier
        catch (NullReferenceException) { caught++; Console.WriteLine("store into a null object"); }

        string text = null;
        try { Console.WriteLine(text.Length); }
        catch (NullReferenceException) { caught++; Console.WriteLine("string length of null"); }
        Console.WriteLine("caught " + caught);
        return caught;
    }
}
