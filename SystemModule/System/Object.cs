using Internal.Runtime;

namespace System
{
    /// <summary>The root of every class. Its only field is the MethodTable pointer.</summary>
    public unsafe class Object
    {
#pragma warning disable 0649
        // Filled by the allocator; ILC relies on it being the first word of every object.
        internal MethodTable* m_pMethodTable;
#pragma warning restore 0649

        public Object() { }

        public virtual bool Equals(object obj) => (object)this == obj;
        public virtual int GetHashCode() => (int)(nint)m_pMethodTable;
        public virtual string ToString() => "object";

        // ILC treats a Finalize override specially; the base must exist.
        ~Object() { }
    }
}
