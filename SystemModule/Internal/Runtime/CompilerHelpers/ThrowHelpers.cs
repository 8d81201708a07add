using System;

namespace Internal.Runtime.CompilerHelpers
{
    /// <summary>Targets of the throws ILC inserts (bounds checks, null checks, division…).</summary>
    internal static class ThrowHelpers
    {
        internal static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        internal static void ThrowNullReferenceException() => throw new NullReferenceException();
        internal static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        internal static void ThrowOverflowException() => throw new OverflowException();
        internal static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        internal static void ThrowInvalidCastException() => throw new InvalidCastException();
        internal static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        internal static void ThrowNotSupportedException() => throw new NotSupportedException();
        internal static void ThrowNotImplementedException() => throw new NotImplementedException();
        internal static void ThrowArgumentException() => throw new ArgumentException();
        internal static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        internal static void ThrowTypeLoadException(int id, string className, string typeName) => throw new TypeLoadException(typeName);
        internal static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName, string messageArg) => throw new TypeLoadException(typeName);
        internal static void ThrowMissingMethodException(int id, string methodName) => throw new InvalidProgramException(methodName);
        internal static void ThrowMissingFieldException(int id, string fieldName) => throw new InvalidProgramException(fieldName);
        internal static void ThrowFileNotFoundException(int id, string fileName) => throw new InvalidProgramException(fileName);
        internal static void ThrowInvalidProgramException(int id) => throw new InvalidProgramException();
        internal static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => throw new InvalidProgramException(methodName);
        internal static void ThrowBadImageFormatException(int id) => throw new InvalidProgramException("bad image format");
        internal static void ThrowMarshalDirectiveException(int id) => throw new NotSupportedException("marshalling");
        internal static void ThrowAmbiguousMatchException(int id) => throw new InvalidProgramException("ambiguous match");
        internal static void ThrowFeatureBodyRemoved() => throw new NotSupportedException("feature removed by ILC");
    }
}
