using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Pal
{
    /// <summary>
    /// pow(x, y) for Math.Pow: the special cases of C99 Annex F here, the general case x &gt; 0 on
    /// the x87 unit as 2^(y·log2 x) (x86_64/dotnet.asm), whose 64-bit mantissa makes results
    /// such as 2^10 or 10^3 exact and the rest round like the C library's.
    /// </summary>
    internal static class MathPal
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_x87_pow")]
        private static extern double X87Pow(double x, double y);

        [RuntimeExport("pow")]
        private static double Pow(double x, double y)
        {
            if (y == 0 || x == 1) return 1;
            if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
            bool yInteger = double.IsFinite(y) && System.Math.Floor(y) == y;
            bool yOdd = yInteger && System.Math.Abs(y) < 9007199254740992.0 && (long)y % 2 != 0;
            if (double.IsInfinity(y))
            {
                double ax = System.Math.Abs(x);
                if (ax == 1) return 1;
                return (ax < 1) == (y > 0) ? 0 : double.PositiveInfinity;
            }
            if (x == 0)
            {
                bool negativeZero = double.IsNegative(x) && yOdd;
                if (y > 0) return negativeZero ? -0.0 : 0.0;
                return negativeZero ? double.NegativeInfinity : double.PositiveInfinity;
            }
            if (double.IsInfinity(x))
            {
                if (x > 0) return y > 0 ? double.PositiveInfinity : 0;
                if (y > 0) return yOdd ? double.NegativeInfinity : double.PositiveInfinity;
                return yOdd ? -0.0 : 0.0;
            }
            if (x < 0)
            {
                if (!yInteger) return double.NaN;
                double magnitude = X87Pow(-x, y);
                return yOdd ? -magnitude : magnitude;
            }
            return X87Pow(x, y);
        }
    }
}
