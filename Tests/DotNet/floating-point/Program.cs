// Floating point as .NET on Linux x64 has it: every IEEE exception masked (MXCSR 0x1F80, x87 FCW
// 0x037F), so division by zero, overflow, underflow and invalid operations give infinities, NaNs
// and zeros instead of a trap; conversions to integers saturate; only checked conversions and
// decimal throw. Every value printed here is exact (no transcendental at a rounding edge), so
// the host and VeridianOS must agree to the last bit.
// V and F hide a constant from the C# compiler and ILC, so the CPU does the operation at run time.
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static double V(double d) => d;
[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static float F(float f) => f;
static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("X16");
static string FBits(float f) => BitConverter.SingleToInt32Bits(f).ToString("X8");

double zero = V(0.0), negZero = V(-0.0), one = V(1.0), big = V(double.MaxValue), tiny = V(double.Epsilon), nan = V(double.NaN), inf = V(double.PositiveInfinity);
Console.WriteLine($"divide by zero: {one / zero} {-one / zero} {one / negZero} {Bits(zero / zero)}");
Console.WriteLine($"overflow: {big * 2} {-big * 2} {big + big} {F(float.MaxValue) * 2f}");
Console.WriteLine($"underflow: {tiny / 2} {Bits(-tiny / 2)} {V(1e-310) * 1e-10} {tiny * 0.5 == 0}");
Console.WriteLine($"invalid: {double.IsNaN(inf - inf)} {double.IsNaN(zero * inf)} {Bits(-inf + inf)}");
Console.WriteLine($"remainder: {V(5.5) % 2.0} {V(-5.5) % 2.0} {double.IsNaN(one % zero)} {double.IsNaN(inf % 2)} {V(3.0) % inf}");
Console.WriteLine($"sqrt/log/exp: {Math.Sqrt(-one)} {Math.Sqrt(negZero)} {Math.Log(zero)} {Math.Log(-one)} {Math.Exp(V(1000))} {Math.Exp(V(-1000))} {Math.Log(inf)}");
Console.WriteLine($"pow: {Math.Pow(zero, -1)} {Math.Pow(V(-8), 1.0 / 3)} {Math.Pow(V(2), 1024)} {Math.Pow(V(2), -1075)} {Math.Pow(nan, 0)} {Math.Pow(one, nan)}");
Console.WriteLine($"signed zero: {negZero} {Math.Round(V(-0.4))} {Math.Atan2(0, negZero) == Math.PI} {1 / Math.Ceiling(V(-0.5))} {Math.Round(V(2.5))} {Math.Round(V(3.5))}");
Console.WriteLine($"to int (saturating): {(int)nan} {(int)V(1e20)} {(int)V(-1e20)} {(long)inf} {(uint)-one} {(ulong)V(1e30)} {(int)F(float.NaN)}");
Console.WriteLine($"float: {F(1f) / 0f} {FBits(F(0f) / 0f)} {(float)V(1e40)} {(float)V(1e-50)} {float.IsNaN((float)nan)}");
foreach (double d in new[] { V(1e20), nan, inf, V(2147483647.5), V(-2147483648.9) })
{
    try { Console.WriteLine($"checked (int){d} = {checked((int)d)}"); }
    catch (OverflowException e) { Console.WriteLine($"checked (int){d}: {e.GetType().Name}: {e.Message}"); }
}
try { Console.WriteLine(1m / (decimal)zero); }
catch (DivideByZeroException e) { Console.WriteLine($"decimal: {e.GetType().Name}: {e.Message}"); }
try { Console.WriteLine((decimal)V(7.9e28) * 2); }
catch (OverflowException e) { Console.WriteLine($"decimal: {e.GetType().Name}: {e.Message}"); }
Console.WriteLine($"parse: {double.Parse("1e400", System.Globalization.CultureInfo.InvariantCulture)} {double.Parse("-1e400", System.Globalization.CultureInfo.InvariantCulture)} {double.Parse("1e-400", System.Globalization.CultureInfo.InvariantCulture)} {float.Parse("NaN", System.Globalization.CultureInfo.InvariantCulture)} {double.Parse("-0", System.Globalization.CultureInfo.InvariantCulture)}");
