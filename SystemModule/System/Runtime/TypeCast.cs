using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime
{
    /// <summary>
    /// Casting helpers ILC calls for `is`, `as`, casts and array stores. Exact-type and
    /// base-chain checks for classes, interface-map scans for interfaces; no generic variance.
    /// </summary>
    internal static unsafe class TypeCast
    {
        private static object IsInstanceOfClass(MethodTable* target, object obj)
        {
            if (obj == null) return null;
            MethodTable* mt = obj.m_pMethodTable;
            if (mt->IsParameterized)
                return target->_relatedType == null ? obj : null; // an array is only an Object here
            for (; mt != null; mt = mt->_relatedType)
                if (mt == target) return obj;
            return null;
        }

        private static object IsInstanceOfInterface(MethodTable* target, object obj)
        {
            if (obj == null) return null;
            return obj.m_pMethodTable->Implements(target) ? obj : null;
        }

        private static object IsInstanceOfAny(MethodTable* target, object obj)
        {
            if (obj == null) return null;
            if (obj.m_pMethodTable == target) return obj;
            if (target->IsInterface) return IsInstanceOfInterface(target, obj);
            if (target->IsParameterized) return null; // array casts: exact type only
            return IsInstanceOfClass(target, obj);
        }

        // Used by exception filters; kept for ILC even though the kernel never catches.
        private static bool IsInstanceOfException(MethodTable* target, object obj) => IsInstanceOfClass(target, obj) != null;

        private static object CheckCastAny(MethodTable* target, object obj)
        {
            if (obj != null && IsInstanceOfAny(target, obj) == null) throw new InvalidCastException();
            return obj;
        }

        private static object CheckCastInterface(MethodTable* target, object obj)
        {
            if (obj != null && IsInstanceOfInterface(target, obj) == null) throw new InvalidCastException();
            return obj;
        }

        private static object CheckCastClass(MethodTable* target, object obj)
        {
            if (obj != null && IsInstanceOfClass(target, obj) == null) throw new InvalidCastException();
            return obj;
        }

        private static object CheckCastClassSpecial(MethodTable* target, object obj) => CheckCastClass(target, obj);

        private static void StelemRef(object[] array, nint index, object obj)
        {
            if ((nuint)index >= (nuint)array.Length) throw new IndexOutOfRangeException();
            MethodTable* elementType = array.m_pMethodTable->_relatedType;
            if (obj != null && obj.m_pMethodTable != elementType && IsInstanceOfAny(elementType, obj) == null)
                throw new ArrayTypeMismatchException();
            Unsafe.Add(ref Unsafe.As<byte, object>(ref Unsafe.As<RawArrayData>(array).Data), index) = obj;
        }

        private static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((nuint)index >= (nuint)array.Length) throw new IndexOutOfRangeException();
            if (array.m_pMethodTable->_relatedType != elementType) throw new ArrayTypeMismatchException();
            return ref Unsafe.Add(ref Unsafe.As<byte, object>(ref Unsafe.As<RawArrayData>(array).Data), index);
        }
    }

    /// <summary>Boxing and unboxing. Kernel code avoids boxing; these exist for correctness.</summary>
    internal static unsafe class RuntimeExports
    {
        private static object RhBox(MethodTable* type, ref byte data)
        {
            object obj = Veridian.Runtime.Allocator.NewObject(type);
            byte* dst = (byte*)Veridian.Runtime.Allocator.AddressOf(obj) + sizeof(nint);
            SpanHelpers.Memmove(ref *dst, ref data, type->_uBaseSize - (nuint)(2 * sizeof(nint)));
            return obj;
        }

        private static ref byte RhUnbox2(MethodTable* type, object obj)
        {
            if (obj == null || obj.m_pMethodTable != type) throw new InvalidCastException();
            return ref *((byte*)Veridian.Runtime.Allocator.AddressOf(obj) + sizeof(nint));
        }

        private static void RhUnboxNullable(ref byte data, MethodTable* type, object obj)
        {
            throw new NotSupportedException("unboxing to Nullable<T>");
        }

        private static void RhUnboxTypeTest(MethodTable* type, MethodTable* boxType)
        {
            if (type != boxType) throw new InvalidCastException();
        }
    }
}
