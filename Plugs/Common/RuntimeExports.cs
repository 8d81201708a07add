using System;
using System.Runtime;
using Veridian.Kernel.Memory;

namespace Veridian.Plugs
{
    /// <summary>
    /// What the system module (SystemModule/) imports from the kernel image, the same on every
    /// architecture: the heap behind `new`, and what happens when it fails or an exception is
    /// never caught. Each architecture folder provides <c>ArchPanic</c> for the register dump.
    /// </summary>
    internal static unsafe class RuntimeExports
    {
        /// <summary>The kernel heap: an unmanaged struct, so it is usable before any managed static.</summary>
        internal static KernelHeap Heap;

        [RuntimeExport("veridian_heap_alloc")]
        private static void* HeapAlloc(nuint size) => Heap.Allocate(size);

        [RuntimeExport("veridian_heap_free")]
        private static void HeapFree(void* block)
        {
            if (!Heap.Free(block))
                ArchPanic.Here("kernel heap: free of a block the heap did not hand out, or freed twice", 0, null);
        }

        [RuntimeExport("veridian_out_of_memory")]
        private static void OutOfMemory(nuint size) => ArchPanic.Here("kernel heap exhausted", 0, null);

        [RuntimeExport("veridian_panic_exception")]
        private static void OnUnhandledException(Exception exception)
        {
            ArchPanic.Here("unhandled exception", (ulong)Veridian.Runtime.Allocator.TypeOf(exception), exception.Message);
        }
    }
}
