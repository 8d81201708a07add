using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Memory
{
    /// <summary>
    /// The lifecycle of memory objects: their table, creation (zeroed frames, charged to the
    /// creator's quota as one object and as frames) and destruction when the last capability
    /// and mapping are gone.
    /// </summary>
    public sealed class MemoryObjectService
    {
        private readonly KernelServices kernel;
        public readonly ObjectTable<MemoryObject> Objects;

        public MemoryObjectService(KernelServices kernel)
        {
            this.kernel = kernel;
            MemoryObject[] all = new MemoryObject[kernel.Config.MaxMemoryObjects];
            for (int i = 0; i < all.Length; i++)
                all[i] = new MemoryObject();
            Objects = new ObjectTable<MemoryObject>(all, QuotaKind.MemoryObjects);
        }

        /// <summary>
        /// A memory object of <paramref name="pages"/> zeroed frames, charged to
        /// <paramref name="owner"/>. ResourceExhausted if the table or the owner's quota (objects
        /// or frames) is used up; OutOfMemory if the machine has no frames.
        /// </summary>
        public SyscallError Create(Quota owner, ulong pages, out MemoryObject obj)
        {
            obj = Objects.Allocate(owner);
            if (obj == null)
                return SyscallError.ResourceExhausted;
            if (pages > (ulong)kernel.Platform.Frames.FreeCount)
            {
                Objects.Free(obj);
                obj = null;
                return SyscallError.OutOfMemory;
            }
            if (owner != null && !owner.TryCharge(QuotaKind.Frames, (long)pages))
            {
                Objects.Free(obj);
                obj = null;
                return SyscallError.ResourceExhausted;
            }
            SyscallError e = AllocateFrames(obj, pages);
            if (e != SyscallError.Success)
            {
                if (owner != null)
                    owner.Refund(QuotaKind.Frames, (long)pages);
                Objects.Free(obj);
                obj = null;
            }
            return e;
        }

        private SyscallError AllocateFrames(MemoryObject obj, ulong pages)
        {
            if (pages > (ulong)kernel.Platform.Frames.FreeCount)
                return SyscallError.OutOfMemory;
            ulong[] frames = new ulong[pages];
            for (ulong p = 0; p < pages; p++)
            {
                if (!kernel.Platform.Frames.TryAllocate(out frames[p]))
                {
                    for (ulong q = 0; q < p; q++)
                        kernel.Platform.Frames.Free(frames[q]);
                    Veridian.Kernel.Memory.Objects.Free(frames);
                    return SyscallError.OutOfMemory;
                }
                kernel.Platform.FrameBytes(frames[p]).Clear();
            }
            obj.Frames = frames;
            obj.PageCount = pages;
            return SyscallError.Success;
        }

        /// <summary>The last reference is gone: frees the frames and the slot, refunding the creator if it still lives.</summary>
        public void Destroy(MemoryObject m)
        {
            for (ulong p = 0; p < m.PageCount; p++)
                kernel.Platform.Frames.Free(m.Frames[p]);
            Veridian.Kernel.Memory.Objects.Free(m.Frames);
            Quota owner = m.ChargedQuota;
            if (owner != null)
                owner.Refund(QuotaKind.Frames, (long)m.PageCount);
            m.Frames = null;
            m.PageCount = 0;
            Objects.Free(m);
        }
    }
}
