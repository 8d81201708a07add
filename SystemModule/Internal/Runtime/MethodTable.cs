namespace Internal.Runtime
{
    /// <summary>
    /// The header ILC emits for every type (.NET 10 layout). Only the fields the runtime reads
    /// are named; see docs/runtime.md for the full picture.
    /// It stays here, in the system module, and is not shared with the .NET layer's
    /// (Programs/DotNetRuntime/MethodTable.cs): <c>Object.m_pMethodTable</c> and the casting
    /// helpers ILC calls are typed with it, so it must be in the assembly that is the kernel's and
    /// the small programs' system module; the .NET layer compiles against the real CoreLib instead
    /// (whose MethodTable is internal), with another ILC version, and never sees this assembly.
    /// </summary>
    public unsafe struct MethodTable
    {
        internal ushort _usComponentSize;
        internal ushort _usFlags;
        internal uint _uBaseSize;
        internal MethodTable* _relatedType;   // base type for classes, element type for arrays
        internal ushort _usNumVtableSlots;
        internal ushort _usNumInterfaces;
        internal uint _uHashCode;

        // _usFlags is the upper half of the 32-bit flags word.
        private const ushort KindMask = 0x0003;           // 0x00030000 >> 16
        private const ushort KindParameterized = 0x0002;  // arrays, pointers, byrefs
        private const ushort HasComponentSize = 0x8000;   // 0x80000000 >> 16
        private const int ElementTypeShift = 10;          // (0x7C000000 >> 16) == 0x7C00
        private const ushort ElementTypeMask = 0x7C00;
        private const int ElementTypeInterface = 0x15;

        internal bool IsParameterized => (_usFlags & KindMask) == KindParameterized;
        internal bool HasComponents => (_usFlags & HasComponentSize) != 0;
        internal bool IsInterface => ((_usFlags & ElementTypeMask) >> ElementTypeShift) == ElementTypeInterface;

        internal MethodTable** InterfaceMap
        {
            get
            {
                fixed (MethodTable* self = &this)
                    return (MethodTable**)((byte*)self + sizeof(MethodTable) + _usNumVtableSlots * sizeof(nint));
            }
        }

        internal bool Implements(MethodTable* iface)
        {
            MethodTable** map = InterfaceMap;
            for (int i = 0; i < _usNumInterfaces; i++)
                if (map[i] == iface) return true;
            return false;
        }
    }
}
