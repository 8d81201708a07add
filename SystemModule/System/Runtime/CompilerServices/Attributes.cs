namespace System.Runtime.CompilerServices
{
    internal sealed class IntrinsicAttribute : Attribute { }

    public enum MethodImplOptions
    {
        Unmanaged = 0x0004,
        NoInlining = 0x0008,
        ForwardRef = 0x0010,
        Synchronized = 0x0020,
        NoOptimization = 0x0040,
        PreserveSig = 0x0080,
        AggressiveInlining = 0x0100,
        AggressiveOptimization = 0x0200,
        InternalCall = 0x1000,
    }

    public sealed class MethodImplAttribute : Attribute
    {
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { }
    }

    public sealed class IndexerNameAttribute : Attribute
    {
        public IndexerNameAttribute(string indexerName) { }
    }

    public sealed class ExtensionAttribute : Attribute { }
    public sealed class IsReadOnlyAttribute : Attribute { }
    public sealed class IsByRefLikeAttribute : Attribute { }
    public sealed class IsUnmanagedAttribute : Attribute { }
    public sealed class IsVolatile { }
    public sealed class CompilerGeneratedAttribute : Attribute { }
    public sealed class ScopedRefAttribute : Attribute { }
    public sealed class FixedBufferAttribute : Attribute
    {
        public FixedBufferAttribute(Type elementType, int length) { }
    }

    public sealed class RefSafetyRulesAttribute : Attribute
    {
        public RefSafetyRulesAttribute(int version) { }
    }

    public sealed class CompilerFeatureRequiredAttribute : Attribute
    {
        public CompilerFeatureRequiredAttribute(string featureName) { }
    }

    public sealed class InlineArrayAttribute : Attribute
    {
        public InlineArrayAttribute(int length) { }
    }

    public sealed class InternalsVisibleToAttribute : Attribute
    {
        public InternalsVisibleToAttribute(string assemblyName) { }
    }

    public static class RuntimeFeature
    {
        public const string ByRefFields = nameof(ByRefFields);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
    }

    public static class RuntimeHelpers
    {
        public static unsafe int OffsetToStringData => sizeof(nint) + sizeof(int);

        // C# lowers constant array initialisers to this; ILC expands it at compile time.
        [Intrinsic]
        public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);
    }

    /// <summary>The raw layout of an array object after its MethodTable pointer.</summary>
    internal sealed class RawArrayData
    {
#pragma warning disable 0649
        public uint Length;
        public uint Padding;
        public byte Data;
#pragma warning restore 0649
    }

    public class CallConvCdecl { }
    public class CallConvStdcall { }
    public class CallConvThiscall { }
    public class CallConvFastcall { }
    public class CallConvSuppressGCTransition { }
    public class CallConvMemberFunction { }
}

namespace System.Runtime.InteropServices
{
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }

    public sealed class StructLayoutAttribute : Attribute
    {
        public StructLayoutAttribute(LayoutKind layoutKind) { }
        public int Pack;
        public int Size;
    }

    public sealed class FieldOffsetAttribute : Attribute
    {
        public FieldOffsetAttribute(int offset) { }
    }

    public sealed class InAttribute : Attribute { }
    public sealed class OutAttribute : Attribute { }

    public sealed class UnmanagedCallersOnlyAttribute : Attribute
    {
        public string EntryPoint;
    }

    // ILC requires the type (for IDynamicInterfaceCastable casting support) even if unused.
    public interface IDynamicInterfaceCastable
    {
        RuntimeTypeHandle GetInterfaceImplementation(RuntimeTypeHandle interfaceType);

        // ILC references this by name; no kernel type implements the interface.
        internal static unsafe IntPtr GetDynamicInterfaceImplementation(IDynamicInterfaceCastable instance, Internal.Runtime.MethodTable* interfaceType, ushort slot)
            => throw new NotSupportedException("IDynamicInterfaceCastable");
    }
}

namespace System.Runtime
{
    /// <summary>Gives a C# method a plain, unmangled symbol name so assembly can call it.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry) { }
    }

    /// <summary>Binds an extern method to a plain symbol (from assembly or a RuntimeExport).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string lib) { }
        public RuntimeImportAttribute(string lib, string entry) { }
    }
}

namespace System.Runtime.InteropServices
{
    // C# encodes the `unmanaged` generic constraint as a modreq of this type.
    public enum UnmanagedType { }
}
