namespace System
{
    // ILC and the C# compiler special-case the layout of primitives, so no fields are needed.
    public struct Void { }
    public struct Boolean { }
    public struct Char { public const char MaxValue = (char)0xFFFF; public const char MinValue = (char)0; }
    public struct SByte { public const sbyte MaxValue = 127; public const sbyte MinValue = -128; }
    public struct Byte { public const byte MaxValue = 255; public const byte MinValue = 0; }
    public struct Int16 { public const short MaxValue = 32767; public const short MinValue = -32768; }
    public struct UInt16 { public const ushort MaxValue = 65535; public const ushort MinValue = 0; }
    public struct Int32 { public const int MaxValue = 0x7FFFFFFF; public const int MinValue = unchecked((int)0x80000000); }
    public struct UInt32 { public const uint MaxValue = 0xFFFFFFFF; public const uint MinValue = 0; }
    public struct Int64 { public const long MaxValue = 0x7FFFFFFFFFFFFFFF; public const long MinValue = unchecked((long)0x8000000000000000); }
    public struct UInt64 { public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF; public const ulong MinValue = 0; }
    public struct Single { }
    public struct Double { }

    public unsafe struct IntPtr
    {
        private void* _value;
        public IntPtr(void* value) { _value = value; }
        public IntPtr(int value) { _value = (void*)value; }
        public IntPtr(long value) { _value = (void*)value; }
        public static readonly IntPtr Zero;
        public void* ToPointer() => _value;
    }

    public unsafe struct UIntPtr
    {
        private void* _value;
        public UIntPtr(void* value) { _value = value; }
        public static readonly UIntPtr Zero;
        public void* ToPointer() => _value;
    }

    public abstract class ValueType { }

    public abstract class Enum : ValueType { }

    public sealed class DBNull { }

    public interface IDisposable { void Dispose(); }
}
