using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Runtime;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// The name printed for an unhandled exception. There is no reflection, so the build links
    /// a table of every exception type's MethodTable and name into the program
    /// (Programs/UserRuntime/type-names.sh, from ILC's _ZTV symbols: "Namespace.Type", the
    /// assembly dropped). A type missing from it is recognised by type tests against the
    /// runtime's own exception types, most derived first.
    /// </summary>
    internal static unsafe class ExceptionNames
    {
        // { count, then count rows of { MethodTable*, name bytes*, name length } }.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_type_names")]
        private static extern ulong* TypeNames();

        /// <summary>Writes the exception's type name on the console (allocates nothing).</summary>
        public static void Write(Exception e)
        {
            ulong type = (ulong)Allocator.TypeOf(e);
            ulong* table = TypeNames();
            for (ulong i = 0; i < table[0]; i++)
            {
                ulong* row = table + 1 + i * 3;
                if (row[0] != type) continue;
                Console.WriteBytes(new ReadOnlySpan<byte>((void*)row[1], (int)row[2]));
                return;
            }
            Console.Write(Of(e));
        }

        public static string Of(Exception e)
        {
            if (e is ArgumentNullException) return "System.ArgumentNullException";
            if (e is ArgumentOutOfRangeException) return "System.ArgumentOutOfRangeException";
            if (e is ArgumentException) return "System.ArgumentException";
            if (e is PlatformNotSupportedException) return "System.PlatformNotSupportedException";
            if (e is NotSupportedException) return "System.NotSupportedException";
            if (e is NotImplementedException) return "System.NotImplementedException";
            if (e is InvalidOperationException) return "System.InvalidOperationException";
            if (e is IndexOutOfRangeException) return "System.IndexOutOfRangeException";
            if (e is NullReferenceException) return "System.NullReferenceException";
            if (e is DivideByZeroException) return "System.DivideByZeroException";
            if (e is OverflowException) return "System.OverflowException";
            if (e is ArithmeticException) return "System.ArithmeticException";
            if (e is InvalidCastException) return "System.InvalidCastException";
            if (e is ArrayTypeMismatchException) return "System.ArrayTypeMismatchException";
            if (e is OutOfMemoryException) return "System.OutOfMemoryException";
            if (e is InvalidProgramException) return "System.InvalidProgramException";
            if (e is TypeLoadException) return "System.TypeLoadException";
            if (e is SystemException) return "System.SystemException";
            return "System.Exception";
        }
    }
}
