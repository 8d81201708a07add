using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The allocation helpers compiled code and CoreLib call (RhpNew*, RhNewString,
    /// RhAllocateNew*): size from the MethodTable, memory from <see cref="GcHeap"/>, header
    /// written. On failure CoreLib's own helper throws OutOfMemoryException / OverflowException.
    /// </summary>
    internal static unsafe class Allocation
    {
        /// <summary>Arrays and strings larger than this are refused as an overflow, as CoreCLR does.</summary>
        private const ulong MaxObjectSize = 0x7FFF_FFC7UL * 2;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhExceptionHandling_FailedAllocation")]
        private static extern void FailedAllocation(MethodTable* type, bool isOverflow);

        [RuntimeExport("RhpNewFast")]
        private static void* NewFast(MethodTable* type) => NewObject(type);

        [RuntimeExport("RhpNewFinalizable")]
        private static void* NewFinalizable(MethodTable* type) => NewObject(type);

        [RuntimeExport("RhpNewArrayFast")]
        private static void* NewArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        private static void* NewPtrArrayFast(MethodTable* type, int length) => NewArray(type, length);

        [RuntimeExport("RhNewString")]
        private static void* NewString(MethodTable* type, nint length) => NewArray(type, length);

        [RuntimeExport("RhAllocateNewArray")]
        private static void AllocateNewArray(MethodTable* type, uint length, uint flags, void** result)
            => *result = NewArray(type, (nint)length);

        [RuntimeExport("RhAllocateNewObject")]
        private static void AllocateNewObject(MethodTable* type, uint flags, void** result)
            => *result = NewObject(type);

        public static void* NewObject(MethodTable* type)
        {
            var obj = (ObjectHeader*)GcHeap.Allocate(type->BaseSize);
            if (obj == null)
            {
                FailedAllocation(type, false);
                return null;
            }
            obj->MethodTable = type;
            if (type->HasFinalizer) Finalization.Register(obj);
            return obj;
        }

        public static void* NewArray(MethodTable* type, nint length)
        {
            if (length < 0 || length > int.MaxValue)
            {
                FailedAllocation(type, true);
                return null;
            }
            ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
            if (size > MaxObjectSize)
            {
                FailedAllocation(type, true);
                return null;
            }
            var obj = (ObjectHeader*)GcHeap.Allocate(size);
            if (obj == null)
            {
                FailedAllocation(type, false);
                return null;
            }
            obj->MethodTable = type;
            obj->Length = (int)length;
            return obj;
        }
    }
}
