namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The few fields of NativeAOT's MethodTable the runtime layer reads (the layout ILC 10.0
    /// emits): flags (the low 16 bits are the component size when HasComponentSize is set), the
    /// base size, and, before the MethodTable, the GC descriptor (<see cref="Gc.GcDescriptor"/>).
    /// Not shared with the system module's Internal.Runtime.MethodTable (Runtime/Internal/Runtime/
    /// MethodTable.cs), though both describe the same .NET 10 header: that one is part of the
    /// system module (Object's own field is typed with it), which is compiled on its own, for the
    /// kernel too, by ILC <c>VeridianIlcVersion</c>; this one is read from what ILC
    /// <c>VeridianDotNetVersion</c> and the real CoreLib emit, and this layer does not reference
    /// Veridian.Runtime at all (CoreLib is its system module, and CoreLib's MethodTable is
    /// internal). Each follows its own compiler's layout, so a change in one does not silently
    /// move the other.
    /// </summary>
    internal unsafe struct MethodTable
    {
        public const uint HasComponentSizeFlag = 0x80000000;
        public const uint HasFinalizerFlag = 0x00100000;
        public const uint ContainsGcPointersFlag = 0x01000000;

        public uint Flags;
        public uint BaseSize;
        public MethodTable* RelatedType;

        public bool HasComponentSize => (Flags & HasComponentSizeFlag) != 0;
        public uint ComponentSize => HasComponentSize ? Flags & 0xFFFF : 0;
        public bool HasFinalizer => (Flags & HasFinalizerFlag) != 0;
        public bool ContainsGcPointers => (Flags & ContainsGcPointersFlag) != 0;
    }

    /// <summary>An object's header as compiled code sees it: the MethodTable pointer, then (arrays, strings) the length.</summary>
    internal unsafe struct ObjectHeader
    {
        public MethodTable* MethodTable;
        public int Length;
    }
}
