using Internal.Runtime;
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.Runtime
{
    /// <summary>
    /// `new` for the freestanding kernel. Objects come from the kernel heap (Kernel/Memory/
    /// KernelHeap.cs, exported by the plugs as veridian_heap_alloc/free) and are released
    /// explicitly: there is no collector (docs/heap.md). The heap returns zeroed memory.
    /// </summary>
    public static unsafe class Allocator
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_heap_alloc")]
        private static extern void* HeapAlloc(nuint size);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_heap_free")]
        private static extern void HeapFree(void* block);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_out_of_memory")]
        private static extern void OutOfMemory(nuint size);

        private static void* Allocate(nuint size)
        {
            size = (size + 7) & ~(nuint)7;
            void* block = HeapAlloc(size);
            if (block == null) OutOfMemory(size);
            return block;
        }

        [RuntimeExport("RhpNewFast")]
        private static void* RhpNewFast(MethodTable* type)
        {
            void* obj = Allocate(type->_uBaseSize);
            *(MethodTable**)obj = type;
            return obj;
        }

        // Finalizers never run (explicit free), so a finalizable object is an ordinary one.
        [RuntimeExport("RhpNewFinalizable")]
        private static void* RhpNewFinalizable(MethodTable* type) => RhpNewFast(type);

        [RuntimeExport("RhpNewArray")]
        private static void* RhpNewArray(MethodTable* type, int length)
        {
            if (length < 0) throw new OverflowException();
            ulong size = type->_uBaseSize + (ulong)length * type->_usComponentSize;
            if (size > int.MaxValue) throw new OutOfMemoryException();
            void* obj = Allocate((nuint)size);
            *(MethodTable**)obj = type;
            *(int*)((byte*)obj + sizeof(nint)) = length;
            return obj;
        }

        [RuntimeExport("RhpNewArrayFast")]
        private static void* RhpNewArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        private static void* RhpNewPtrArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        internal static object NewObject(MethodTable* type)
        {
            void* obj = RhpNewFast(type);
            return Unsafe.As<IntPtr, object>(ref *(IntPtr*)&obj);
        }

        /// <summary>The address of an object (its MethodTable slot).</summary>
        public static void* AddressOf(object obj) => *(void**)Unsafe.AsPointer(ref obj);

        /// <summary>The MethodTable address of an object: what the panic path names by symbol.</summary>
        public static nint TypeOf(object obj) => obj == null ? 0 : (nint)obj.m_pMethodTable;

        /// <summary>Hands an object's memory back to the kernel heap. The caller must hold no other reference.</summary>
        public static void Free(object obj)
        {
            if (obj != null) HeapFree(AddressOf(obj));
        }
    }
}
