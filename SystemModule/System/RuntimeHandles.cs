namespace System
{
    public struct RuntimeTypeHandle
    {
        private readonly IntPtr _value;
        internal RuntimeTypeHandle(IntPtr value) { _value = value; }
    }

    public struct RuntimeMethodHandle
    {
        private readonly IntPtr _value;
        internal RuntimeMethodHandle(IntPtr value) { _value = value; }
    }

    public struct RuntimeFieldHandle
    {
        private readonly IntPtr _value;
        internal RuntimeFieldHandle(IntPtr value) { _value = value; }
    }

    public abstract class Type { }

    // The JIT asks for this class by name (CLASSID_RUNTIME_TYPE) even when no Type object exists.
    internal sealed class RuntimeType : Type { }

    public abstract class Delegate { }
    public abstract class MulticastDelegate : Delegate { }
}
