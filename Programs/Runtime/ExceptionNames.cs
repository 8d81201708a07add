using System;

namespace Veridian.UserRuntime
{
    /// <summary>
    /// The name printed for an unhandled exception. There is no reflection and no symbol table
    /// in a user program, so the runtime's own exception types are recognised by type test,
    /// most derived first; a program's own exception type prints as the nearest of these it
    /// derives from (at worst "System.Exception").
    /// </summary>
    internal static class ExceptionNames
    {
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
