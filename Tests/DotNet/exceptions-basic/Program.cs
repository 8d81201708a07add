// Written without nullable annotations: null references are what some of these cases are about.
#nullable disable
using System;

// Software exceptions: custom types and messages, finally order, filters, rethrow, and throws
// inside catch, finally and filter blocks. CoreLib's own messages are exception-messages' subject.
class AppException : Exception
{
    public int Code { get; }
    public AppException(string message, int code, Exception inner = null) : base(message, inner) { Code = code; }
}

class ValidationException : AppException
{
    public ValidationException(string field) : base("invalid " + field, 400) { }
}

static class Program
{
    static int s_steps;

    static void Step(string what) => Console.WriteLine($"{++s_steps,2}. {what}");

    static void Validate(string field, int depth)
    {
        if (depth == 0) throw new ValidationException(field);
        try { Validate(field, depth - 1); }
        finally { Step($"finally at depth {depth}"); }
    }

    static bool Log(string what) { Step("filter sees " + what); return false; }

    static int Main()
    {
        try { Validate("name", 3); }
        catch (ValidationException e) when (Log(e.Message)) { Step("never"); }
        catch (AppException e) { Step($"caught {e.GetType().Name} code {e.Code}: {e.Message}"); }

        try
        {
            try { throw new InvalidOperationException("inner"); }
            catch (InvalidOperationException e) { throw new AppException("outer", 500, e); }
        }
        catch (AppException e) { Step($"{e.Message} wraps {e.InnerException?.GetType().Name}: {e.InnerException?.Message}"); }

        try
        {
            try { throw new ArgumentException("kept", "arg"); }
            catch (ArgumentException) { Step("rethrowing"); throw; }
        }
        catch (ArgumentException e) { Step($"rethrown {e.GetType().Name} for {e.ParamName}"); }

        try
        {
            try { throw new Exception("replaced"); }
            finally { Step("finally throws"); throw new TimeoutException("from finally"); }
        }
        catch (Exception e) { Step($"caught {e.GetType().Name} {e.Message}"); }

        int seen = 0;
        for (int i = 0; i < 5; i++)
        {
            try { throw new AppException("loop", i); }
            catch (AppException e) when (e.Code % 2 == 0) { seen += 10; }
            catch (AppException) { seen += 1; }
            finally { seen += 100; }
        }
        Step("loop total " + seen);

        try { try { throw new Exception("x"); } catch when (Explode()) { Step("never"); } }
        catch (Exception e) { Step("a throwing filter is false; outer caught " + e.Message); }

        object boxed = "text";
        try { Step("cast " + (int)boxed); }
        catch (InvalidCastException) { Step("InvalidCastException"); }

        int[] numbers = new int[3];
        try { numbers[Index()] = 1; }
        catch (IndexOutOfRangeException) { Step("IndexOutOfRangeException"); }

        try { checked { int big = int.MaxValue; big += Index(); Step("never " + big); } }
        catch (OverflowException) { Step("OverflowException"); }

        try { int.Parse("twelve"); }
        catch (FormatException e) { Step(e.GetType().FullName); }

        using (new Disposer()) Step("inside using");
        return s_steps;
    }

    static bool Explode() => throw new InvalidOperationException("in filter");
    static int Index() => 5;

    sealed class Disposer : IDisposable
    {
        public void Dispose() => Step("disposed");
    }
}
