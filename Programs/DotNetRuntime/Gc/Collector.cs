using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// The mark phase (docs/dotnet.md "Garbage collector"). Roots, conservatively: the
    /// collecting thread's stack from its own frame (callee-saved registers pushed by
    /// veridian_gc_with_registers) to its top, every other thread's registers and stack (stopped by
    /// <see cref="World"/>) and thread statics, and the image's writable data; a word counts if it
    /// points anywhere inside an allocated object. Then strong and pinned handles. The heap is
    /// traced precisely with each MethodTable's GC descriptor, from an explicit mark stack that
    /// never allocates (on overflow: objects stay marked, and the heap is rescanned for marked
    /// objects until no overflow remains). Dependent handles iterate to a fixpoint; weak handles
    /// whose target died are cleared. Nothing here allocates.
    /// </summary>
    internal static unsafe class Collector
    {
        private static int s_depth;
        private static bool s_overflow;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_gc_with_registers")]
        private static extern void WithRegisters(delegate*<ulong, void> callback);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_data_start")]
        private static extern ulong* DataStart();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_data_end")]
        private static extern ulong* DataEnd();

        /// <summary>Marks everything reachable; true if it queued objects for their finalizers (then wake the finalizer thread).</summary>
        public static bool Mark()
        {
            s_depth = 0;
            s_overflow = false;
            WithRegisters(&MarkStack);
            MarkOtherThreads();
            ScanRange(DataStart(), DataEnd());
            MarkStrongHandles();
            Finalization.MarkReady(&MarkIfHeap);
            Drain();
            MarkDependentHandles();
            // Short weak handles do not track resurrection: they lose targets the finalizer would
            // revive; long ones keep them until the object is really gone.
            ClearWeakHandles(afterFinalization: false);
            bool queued = Finalization.QueueUnreachable(&IsLive, &MarkIfHeap);
            Drain();
            MarkDependentHandles();
            ClearWeakHandles(afterFinalization: true);
            return queued;
        }

        // Called by the assembly helper with sp below the pushed callee-saved registers.
        private static void MarkStack(ulong sp)
        {
            ScanRange((ulong*)sp, (ulong*)Threads.Current->StackHigh);
            Drain();
        }

        /// <summary>
        /// Every thread's thread statics; each other thread's registers (as it was suspended)
        /// and its stack from below its sp to the top. A thread that could not be suspended
        /// (none should) has its whole stack scanned.
        /// </summary>
        private static void MarkOtherThreads()
        {
            ThreadBlock* self = Threads.Current;
            for (ThreadBlock* t = Threads.Live; t != null; t = t->Next)
            {
                MarkIfHeap((ulong)t->ThreadStatics);
                if (t == self) continue;
                ulong from = t->StackLow;
                if (t->Suspended)
                {
                    ulong* registers = (ulong*)&t->Registers.Registers;     // the architecture's register file
                    ScanRange(registers, registers + sizeof(RegisterFile) / sizeof(ulong));
                    ulong sp = t->Registers.Sp;
                    if (sp - ArchFault.RedZone >= t->StackLow && sp <= t->StackHigh) from = sp - ArchFault.RedZone;
                }
                ScanRange((ulong*)from, (ulong*)t->StackHigh);
                Drain();
            }
        }

        private static void ScanRange(ulong* from, ulong* to)
        {
            for (ulong* p = from; p < to; p++)
            {
                ulong v = *p;
                if (v - (ulong)GcHeap.HeapBase < ((ulong)GcHeap.Frontier << GcHeap.BlockShift))
                    MarkAddress(v);
            }
        }

        /// <summary>Marks (and queues for tracing) the object <paramref name="address"/> points into, if any.</summary>
        private static bool MarkAddress(ulong address)
        {
            byte* obj = GcHeap.FindObject(address, out GcHeap.Block* block, out uint cell);
            if (obj == null) return false;
            ulong* word = GcHeap.MarkWords(block) + (cell >> 6);
            ulong bit = 1UL << (int)(cell & 63);
            if ((*word & bit) != 0) return false;
            *word |= bit;
            if (!(*(MethodTable**)obj)->ContainsGcPointers) return true;
            if (s_depth == GcHeap.MarkStackCapacity)
                s_overflow = true;
            else
                GcHeap.MarkStack[s_depth++] = (ulong)obj;
            return true;
        }

        /// <summary>Whether the object at <paramref name="address"/> survives: marked, or not in the heap at all (frozen, static).</summary>
        private static bool IsLive(void* address)
        {
            ulong offset = (ulong)address - (ulong)GcHeap.HeapBase;
            if (offset >= GcHeap.ReservationSize) return true;
            byte* obj = GcHeap.FindObject((ulong)address, out GcHeap.Block* block, out uint cell);
            if (obj == null) return false;
            return (GcHeap.MarkWords(block)[cell >> 6] & (1UL << (int)(cell & 63))) != 0;
        }

        private static void Drain()
        {
            while (true)
            {
                while (s_depth > 0)
                    Trace((byte*)GcHeap.MarkStack[--s_depth]);
                if (!s_overflow) return;
                s_overflow = false;
                RescanMarked();
            }
        }

        /// <summary>After a mark-stack overflow: traces every marked object again (children not yet marked get queued).</summary>
        private static void RescanMarked()
        {
            for (uint i = 0; i < GcHeap.Frontier; i++)
            {
                GcHeap.Block* b = &GcHeap.Blocks[i];
                ulong* marks = GcHeap.Marks + (ulong)i * GcHeap.MarkWordsPerBlock;
                if (b->Kind == GcHeap.KindLarge)
                {
                    if ((marks[0] & 1) != 0) TraceAndDrainBounded(GcHeap.BlockStart(i) + 8);
                    i += b->Bump - 1;
                }
                else if (b->Kind == GcHeap.KindSmall)
                {
                    uint size = GcHeap.CellSize[b->Class];
                    for (uint k = 0; k < b->Bump; k++)
                        if ((marks[k >> 6] & (1UL << (int)(k & 63))) != 0)
                            TraceAndDrainBounded(GcHeap.BlockStart(i) + (ulong)k * size + 8);
                }
            }
        }

        private static void TraceAndDrainBounded(byte* obj)
        {
            Trace(obj);
            while (s_depth > 0) Trace((byte*)GcHeap.MarkStack[--s_depth]);
        }

        /// <summary>
        /// Marks what the object references, from the GC descriptor before its MethodTable
        /// (CoreCLR's gcdesc.h layout): at MT-8 the series count. Positive: that many
        /// { nint size, nint offset } series going down from MT-24, each size stored minus the
        /// base size (add the object's total size back). Negative: a value-type array's repeating
        /// pattern from the offset at MT-16: -count items { uint pointers, uint skip } going down
        /// from MT-24, repeated to the end of the object.
        /// </summary>
        private static void Trace(byte* obj)
        {
            var mt = *(MethodTable**)obj;
            if (!mt->ContainsGcPointers) return;
            ulong size = GcHeap.ObjectSize(obj);
            var desc = (nint*)mt;
            nint count = desc[-1];
            if (count > 0)
            {
                nint* series = desc - 3;
                for (nint s = 0; s < count; s++, series -= 2)
                {
                    var p = (ulong*)(obj + series[1]);
                    var stop = (ulong*)((byte*)p + series[0] + (nint)size);
                    for (; p < stop; p++) MarkIfHeap(*p);
                }
            }
            else if (count < 0)
            {
                var p = (ulong*)(obj + desc[-2]);
                var end = (ulong*)(obj + size - 8);
                var items = (uint*)(desc - 3);
                while (p < end)
                {
                    for (nint i = 0; i > count; i--)
                    {
                        uint pointers = items[i * 2];
                        uint skip = items[i * 2 + 1];
                        ulong* stop = p + pointers;
                        for (; p < stop; p++) MarkIfHeap(*p);
                        p = (ulong*)((byte*)p + skip);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void MarkIfHeap(ulong v)
        {
            if (v - (ulong)GcHeap.HeapBase < ((ulong)GcHeap.Frontier << GcHeap.BlockShift))
                MarkAddress(v);
        }

        // Handle types (CoreLib's GCHandleType and the runtime's internal ones).
        private static bool IsWeak(nint type) => type == Handles.WeakShort || type == Handles.WeakLong;

        private static void MarkStrongHandles()
        {
            for (Handles.Slot* page = Handles.Pages; page != null; page = page[0].NextFree)
                for (int i = 1; i < Handles.SlotsInPage; i++)
                {
                    Handles.Slot* slot = &page[i];
                    nint type = slot->Type;
                    if (type == Handles.Free || IsWeak(type) || type == Handles.Dependent) continue;
                    MarkIfHeap((ulong)slot->Target);   // Normal, Pinned, and any other kind: strong
                }
        }

        /// <summary>A dependent handle's secondary is kept alive iff its primary is: repeat until nothing new is marked.</summary>
        private static void MarkDependentHandles()
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (Handles.Slot* page = Handles.Pages; page != null; page = page[0].NextFree)
                    for (int i = 1; i < Handles.SlotsInPage; i++)
                    {
                        Handles.Slot* slot = &page[i];
                        if (slot->Type != Handles.Dependent || slot->Target == null || slot->Secondary == null) continue;
                        if (!IsLive(slot->Target) || IsLive(slot->Secondary)) continue;
                        if (!MarkAddress((ulong)slot->Secondary)) continue;
                        Drain();
                        changed = true;
                    }
            }
        }

        /// <summary>Before finalization: short weak handles of dead targets. After: long weak ones, and dependent handles of dead primaries.</summary>
        private static void ClearWeakHandles(bool afterFinalization)
        {
            nint weak = afterFinalization ? Handles.WeakLong : Handles.WeakShort;
            for (Handles.Slot* page = Handles.Pages; page != null; page = page[0].NextFree)
                for (int i = 1; i < Handles.SlotsInPage; i++)
                {
                    Handles.Slot* slot = &page[i];
                    if (slot->Target == null) continue;
                    if (slot->Type == weak)
                    {
                        if (!IsLive(slot->Target)) slot->Target = null;
                    }
                    else if (afterFinalization && slot->Type == Handles.Dependent && !IsLive(slot->Target))
                    {
                        slot->Target = null;
                        slot->Secondary = null;
                    }
                }
        }
    }
}
