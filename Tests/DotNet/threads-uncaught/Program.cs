using System.Runtime.CompilerServices;

// An exception nobody catches on a second thread ends the whole process, as in .NET: the report
// names the worker's methods, the exit code is abort()'s 134, and the main thread, which is
// waiting for it, prints nothing more.
static class Program
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Parse(string text) => throw new FormatException($"worker could not read '{text}'");

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Work() => Parse("12 apples");

    static int Main()
    {
        Console.WriteLine("main: starting the worker");
        var worker = new Thread(Work);
        worker.Start();
        worker.Join();
        Console.WriteLine("main: not reached");
        return 0;
    }
}
