using System;
using System.Runtime.CompilerServices;

// Hardware faults as .NET exceptions: a null dereference and an integer division by zero, caught,
// with finally blocks on the way and the program going on normally afterwards.
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
        }
        string text = null;
        try { Console.WriteLine(text.Length); }
        catch (NullReferenceException) { caught++; Console.WriteLine("string length of null"); }
        Console.WriteLine("caught " + caught);
        return caught;
    }
}
