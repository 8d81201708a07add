namespace Veridian.Kernel.Platform
{
    /// <summary>The physical frame allocator (4 KiB frames, addresses page-aligned).</summary>
    public abstract class FrameAllocator
    {
        public abstract bool TryAllocate(out ulong physicalAddress);

        public abstract void Free(ulong physicalAddress);

        /// <summary>Every frame this allocator manages, free or not.</summary>
        public abstract int TotalCount { get; }

        /// <summary>Frames currently free: for tests and accounting.</summary>
        public abstract int FreeCount { get; }
    }
}
