using Internal.Runtime;
using System;
using System.Runtime;

namespace Veridian.Runtime
{
    /// <summary>
    /// Resolves an interface call (RhpInitialDynamicInterfaceDispatch in the plugs calls this).
    /// With -O ILC devirtualises most interface calls; the rest, and every one in unoptimised
    /// builds, land here. Walks the object's type and its bases for a dispatch-map entry
    /// (interface index, interface slot) and returns the implementing code.
    /// </summary>
    internal static unsafe class InterfaceDispatch
    {
        private const uint FlagHasDispatchMap = 0x00040000;
        private const uint FlagHasFinalizer = 0x00100000;
        private const uint FlagHasSealedVTableEntries = 0x00400000;

        private struct DispatchMapEntry
        {
#pragma warning disable 0649 // written by ILC
            public ushort InterfaceIndex;
            public ushort InterfaceSlot;
            public ushort ImplementationSlot;
#pragma warning restore 0649
        }

        [RuntimeExport("veridian_resolve_interface")]
        private static void* Resolve(object obj, byte* cell)
        {
            if (obj == null) throw new NullReferenceException();
            MethodTable* iface = InterfaceOf(cell);
            ushort slot = SlotOf(cell);
            MethodTable* objectType = obj.m_pMethodTable;

            for (MethodTable* type = objectType; type != null; type = type->_relatedType)
            {
                int index = IndexInInterfaceMap(type, iface);
                if (index < 0 || (Flags(type) & FlagHasDispatchMap) == 0) continue;
                ushort* map = (ushort*)ReadRelative(TrailingField(type, 2));
                int standardEntries = map[0];
                var entries = (DispatchMapEntry*)(map + 4);
                for (int i = 0; i < standardEntries; i++)
                {
                    if (entries[i].InterfaceIndex != index || entries[i].InterfaceSlot != slot) continue;
                    ushort impl = entries[i].ImplementationSlot;
                    if (impl < type->_usNumVtableSlots)
                        return VTable(objectType)[impl];          // virtual: the most derived override
                    return SealedSlot(type, impl - type->_usNumVtableSlots);
                }
            }
            throw new InvalidOperationException("interface method has no implementation (dispatch map)");
        }

        private static uint Flags(MethodTable* type) => ((uint)type->_usFlags << 16) | type->_usComponentSize;

        private static void** VTable(MethodTable* type) => (void**)((byte*)type + sizeof(MethodTable));

        private static int IndexInInterfaceMap(MethodTable* type, MethodTable* iface)
        {
            MethodTable** map = type->InterfaceMap;
            for (int i = 0; i < type->_usNumInterfaces; i++)
                if (map[i] == iface) return i;
            return -1;
        }

        // The relative pointers after the interface map: [0] type manager, [1] writable data,
        // [2] dispatch map (if any), then the finalizer (if any), then the sealed slots (if any).
        private static int* TrailingField(MethodTable* type, int which)
        {
            int* field = (int*)((byte*)type->InterfaceMap + type->_usNumInterfaces * sizeof(nint));
            return field + which;
        }

        private static void* SealedSlot(MethodTable* type, int index)
        {
            uint flags = Flags(type);
            if ((flags & FlagHasSealedVTableEntries) == 0)
                throw new InvalidOperationException("sealed interface slot on a type without sealed slots");
            int which = 2 + ((flags & FlagHasDispatchMap) != 0 ? 1 : 0) + ((flags & FlagHasFinalizer) != 0 ? 1 : 0);
            int* table = (int*)ReadRelative(TrailingField(type, which));
            return ReadRelative(table + index);
        }

        private static void* ReadRelative(int* at) => (byte*)at + *at;

        // Cell: { code pointer, relptr32 to the interface MethodTable with low bits 3, pad }.
        private static MethodTable* InterfaceOf(byte* cell)
        {
            long cache = *(long*)(cell + 8);
            if ((cache & 3) == 3)
                return (MethodTable*)((nint)(cell + 8 + (int)cache) & ~(nint)3);
            return (MethodTable*)(cache & ~3L);
        }

        // Cells for one call site run on until a terminator { 0, (cellType << 16) | slot }.
        private static ushort SlotOf(byte* cell)
        {
            while (*(long*)cell != 0) cell += 16;
            return (ushort)*(long*)(cell + 8);
        }
    }
}
