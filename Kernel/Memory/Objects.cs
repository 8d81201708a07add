namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// Explicit release of kernel objects. The kernel heap has no collector (docs/heap.md):
    /// code that is done with an object it allocated at run time hands it back here.
    /// In the host build the .NET collector owns the memory, so this does nothing.
    /// </summary>
    public static class Objects
    {
        public static void Free(object obj)
        {
#if FREESTANDING
            if (obj != null)
                Veridian.Runtime.Allocator.Free(obj);
#endif
        }
    }
}
