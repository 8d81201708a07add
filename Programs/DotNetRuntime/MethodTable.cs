namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The few fields of NativeAOT's MethodTable the runtime layer reads (the layout ILC 10.0
    /// emits): flags (the low 16 bits are the component size when HasComponentSize is set), the
    /// base size, and, before the MethodTable, the GC descriptor (<see cref="Gc.GcDescriptor"/>).
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
