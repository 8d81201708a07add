using System.Runtime;
using Veridian.RuntimeCore;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// GC handles (GCHandle, weak references, dependent handles, the statics CoreLib keeps alive):
    /// slots in a table the collector scans. A handle is the address of its slot, whose first word
    /// is the object: CoreLib reads a handle's target directly from there.
    /// </summary>
    internal static unsafe class Handles
    {
        public const int WeakShort = 0, WeakLong = 1, Normal = 2, Pinned = 3, Dependent = 6, Free = -1;

        public struct Slot
        {
            public void* Target;
            public void* Secondary;   // dependent handles: kept alive while Target is
            public nint Type;
            public Slot* NextFree;
        }

        private const int SlotsPerPage = 4096 / 32;

        private static Slot* s_free;
        private static ulong s_lock;

        /// <summary>Every page of slots, for the collector: a singly linked list through the first slot of each page.</summary>
        public static Slot* Pages;

        /// <summary>The table's lock; the collector holds it too, so it never sees a slot half made.</summary>
        public static void Lock() { SpinLock.Acquire(ref s_lock); }

        public static void Unlock() { SpinLock.Release(ref s_lock); }

        [RuntimeExport("RhpHandleAlloc")]
        private static Slot* Alloc(void* target, int type) => New(target, null, type);

        [RuntimeExport("RhpHandleAllocDependent")]
        private static Slot* AllocDependent(void* primary, void* secondary) => New(primary, secondary, Dependent);

        [RuntimeExport("RhHandleFree")]
        private static void FreeHandle(Slot* slot)
        {
            if (slot == null) return;
            Lock();
            slot->Target = null;
            slot->Secondary = null;
            slot->Type = Free;
            slot->NextFree = s_free;
            s_free = slot;
            Unlock();
        }

        [RuntimeExport("RhHandleGetDependent")]
        private static void* GetDependent(Slot* slot, void** secondary)
        {
            *secondary = slot->Secondary;
            return slot->Target;
        }

        [RuntimeExport("RhHandleSet")]
        private static Slot* Set(Slot* slot, void* target)
        {
            slot->Target = target;
            return slot;
        }

        [RuntimeExport("RhHandleSetDependentSecondary")]
        private static void SetDependentSecondary(Slot* slot, void* secondary) => slot->Secondary = secondary;

        private static Slot* New(void* target, void* secondary, int type)
        {
            Lock();
            if (s_free == null) Grow();
            Slot* slot = s_free;
            if (slot != null)
            {
                s_free = slot->NextFree;
                slot->Target = target;
                slot->Secondary = secondary;
                slot->Type = type;
                slot->NextFree = null;
            }
            Unlock();
            return slot;
        }

        // Slot 0 of a page links the pages; slots 1.. are handles.
        private static void Grow()
        {
            var page = (Slot*)NativeHeap.Allocate(4096);
            if (page == null) return;
            page[0].NextFree = Pages;
            page[0].Type = Free;
            Pages = page;
            for (int i = SlotsPerPage - 1; i >= 1; i--)
            {
                page[i].Type = Free;
                page[i].NextFree = s_free;
                s_free = &page[i];
            }
        }

        public const int SlotsInPage = SlotsPerPage;
    }
}
