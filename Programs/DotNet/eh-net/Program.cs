using System;
using System.Runtime.CompilerServices;

class MyException : Exception
{
    public int Code;
    public MyException(string message, int code) : base(message) { Code = code; }
}

static class P
{
    [MethodImpl(MethodImplOptions.NoInlining)] static string NullString() => null;
    [MethodImpl(MethodImplOptions.NoInlining)] static int Zero() => 0;
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Thrower(int n) { if (n == 0) throw new MyException("deep", 42); Thrower(n - 1); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool ThrowingFilter() => throw new Exception("in filter");

    static int Main(string[] args)
    {
        try { throw new InvalidOperationException("basic"); }
        catch (InvalidOperationException e) { Console.WriteLine("1 caught " + e.Message); }

        try { Thrower(5); }
        catch (MyException e) { Console.WriteLine($"2 custom {e.Message} {e.Code} {e.GetType().Name}"); }

        try { try { try { throw new Exception("f"); } finally { Console.WriteLine("3 finally 1"); } } finally { Console.WriteLine("3 finally 2"); } }
        catch (Exception e) { Console.WriteLine("3 after finallies " + e.Message); }

        for (int i = 0; i < 3; i++)
        {
            try { throw new MyException("filter", i); }
            catch (MyException e) when (e.Code == 1) { Console.WriteLine("4 filtered " + e.Code); }
            catch (MyException e) { Console.WriteLine("4 unfiltered " + e.Code); }
        }

        try { try { throw new ArgumentException("re"); } catch (ArgumentException) { Console.WriteLine("5 inner"); throw; } }
        catch (ArgumentException e) { Console.WriteLine("5 outer " + e.Message); }

        try { try { throw new Exception("first"); } catch (Exception e) { throw new InvalidOperationException("second from " + e.Message); } }
        catch (InvalidOperationException e) { Console.WriteLine("6 " + e.Message); }

        try { try { throw new Exception("lost"); } finally { throw new Exception("from finally"); } }
        catch (Exception e) { Console.WriteLine("7 " + e.Message); }

        try { throw new Exception("a"); }
        catch (Exception e) { try { throw new Exception("b"); } catch (Exception e2) { Console.WriteLine("8 " + e.Message + e2.Message); } }

        try { try { throw new Exception("x"); } catch (Exception) when (ThrowingFilter()) { Console.WriteLine("9 wrong"); } }
        catch (Exception e) { Console.WriteLine("9 filter threw, outer got " + e.Message); }

        int count = 0;
        for (int i = 0; i < 1000; i++) { try { Thrower(i % 7); } catch (MyException) { count++; } finally { count++; } }
        Console.WriteLine("10 loop " + count);

        try { Console.WriteLine(NullString().Length); }
        catch (NullReferenceException e) { Console.WriteLine("11 NRE " + e.GetType().Name); }

        try { Console.WriteLine(10 / Zero()); }
        catch (DivideByZeroException e) { Console.WriteLine("12 DBZ " + e.GetType().Name); }

        try { Thrower(2); }
        catch (Exception e) { Console.WriteLine("13 trace has Thrower: " + (e.StackTrace ?? "").Contains("Thrower")); }

        Console.WriteLine("14 current stack has Main: " + new System.Diagnostics.StackTrace().ToString().Contains("P.Main"));

        if (args.Length > 0)
            throw new MyException("uncaught " + args[0], 7);
        return 3;
    }
}
