using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Caps
{
    /// <summary>
    /// All capability spaces and the derivation tree that spans them. Space 0 is the kernel's
    /// transit space (capabilities travelling inside queued messages); space p+1 belongs to
    /// process slot p. A global slot address is space * SlotsPerSpace + slot.
    /// Derive links the new slot as a child; Delete removes one slot and hands its children to
    /// its parent; Revoke removes a slot and its whole subtree, in every space.
    /// </summary>
    public sealed class CapabilityTable
    {
        public const int TransitSpace = 0;

        private readonly CapabilitySpace[] spaces;
        private readonly int slotsPerSpace;
        private readonly KernelServices kernel;

        public CapabilityTable(KernelServices kernel, int processSlots, int slotsPerSpace, int transitSlots)
        {
            this.kernel = kernel;
            this.slotsPerSpace = slotsPerSpace > transitSlots ? slotsPerSpace : transitSlots;
            spaces = new CapabilitySpace[processSlots + 1];
            spaces[0] = new CapabilitySpace(0, transitSlots);
            for (int i = 1; i < spaces.Length; i++)
                spaces[i] = new CapabilitySpace(i, slotsPerSpace);
        }

        public CapabilitySpace Space(int index)
        {
            return spaces[index];
        }

        public int Address(int space, int slot)
        {
            return space * slotsPerSpace + slot;
        }

        public ref CapSlot At(int address)
        {
            return ref spaces[address / slotsPerSpace].Slots[address % slotsPerSpace];
        }

        /// <summary>
        /// Puts a capability to <paramref name="obj"/> in <paramref name="space"/>, as a child of
        /// <paramref name="parentAddress"/> (or a root if -1). ResourceExhausted if the space is full.
        /// </summary>
        public SyscallError Insert(int space, KernelObject obj, Rights rights, int parentAddress, out int slot)
        {
            CapabilitySpace cs = spaces[space];
            slot = cs.AllocateSlot();
            if (slot < 0)
                return SyscallError.ResourceExhausted;
            ref CapSlot s = ref cs.Slots[slot];
            s.Object = obj;
            s.Rights = rights;
            s.Parent = -1;
            s.FirstChild = -1;
            s.NextSibling = -1;
            s.PrevSibling = -1;
            obj.References++;
            if (parentAddress >= 0)
                LinkChild(parentAddress, Address(space, slot));
            return SyscallError.Success;
        }

        /// <summary>Derives a child of <paramref name="parentAddress"/> with (a subset of) its rights into <paramref name="space"/>.</summary>
        public SyscallError Derive(int parentAddress, int space, Rights rights, out int slot)
        {
            ref CapSlot parent = ref At(parentAddress);
            if (!rights.IsSubsetOf(parent.Rights))
                throw new System.InvalidOperationException("derive must not add rights");
            return Insert(space, parent.Object, rights, parentAddress, out slot);
        }

        /// <summary>Removes one capability; its children move up to its parent and survive.</summary>
        public void Delete(int address)
        {
            ref CapSlot s = ref At(address);
            if (!s.InUse)
                throw new System.InvalidOperationException("delete of an empty capability slot");
            int parent = s.Parent;
            int child = s.FirstChild;
            while (child >= 0)
            {
                ref CapSlot c = ref At(child);
                int next = c.NextSibling;
                c.Parent = -1;
                c.NextSibling = -1;
                c.PrevSibling = -1;
                if (parent >= 0)
                    LinkChild(parent, child);
                child = next;
            }
            s.FirstChild = -1;
            FreeNode(address);
        }

        /// <summary>Removes a capability and every capability derived from it, wherever it lives.</summary>
        public void Revoke(int address)
        {
            int space = address / slotsPerSpace;
            int slot = address % slotsPerSpace;
            uint generation = spaces[space].Slots[slot].Generation;
            while (true)
            {
                ref CapSlot root = ref spaces[space].Slots[slot];
                // A nested release (an endpoint flushing its queue) may already have removed it.
                if (!root.InUse || root.Generation != generation)
                    return;
                int n = address;
                while (At(n).FirstChild >= 0)
                    n = At(n).FirstChild;
                FreeNode(n);
                if (n == address)
                    return;
            }
        }

        /// <summary>Moves a capability to another space (transit to receiver), keeping its place in the tree.</summary>
        public SyscallError Move(int address, int toSpace, out int newSlot)
        {
            CapabilitySpace to = spaces[toSpace];
            newSlot = to.AllocateSlot();
            if (newSlot < 0)
                return SyscallError.ResourceExhausted;
            int newAddress = Address(toSpace, newSlot);
            ref CapSlot from = ref At(address);
            ref CapSlot dst = ref to.Slots[newSlot];
            dst.Object = from.Object;
            dst.Rights = from.Rights;
            dst.Parent = from.Parent;
            dst.FirstChild = from.FirstChild;
            dst.NextSibling = from.NextSibling;
            dst.PrevSibling = from.PrevSibling;
            if (dst.PrevSibling >= 0)
                At(dst.PrevSibling).NextSibling = newAddress;
            else if (dst.Parent >= 0)
                At(dst.Parent).FirstChild = newAddress;
            if (dst.NextSibling >= 0)
                At(dst.NextSibling).PrevSibling = newAddress;
            int c = dst.FirstChild;
            while (c >= 0)
            {
                At(c).Parent = newAddress;
                c = At(c).NextSibling;
            }
            from.FirstChild = -1;
            from.Parent = -1;
            from.NextSibling = -1;
            from.PrevSibling = -1;
            spaces[address / slotsPerSpace].FreeSlot(address % slotsPerSpace);
            return SyscallError.Success;
        }

        /// <summary>Deletes every capability in a space (process exit). Derivatives elsewhere survive.</summary>
        public void DeleteAll(int space)
        {
            CapabilitySpace cs = spaces[space];
            for (int i = 0; i < cs.Slots.Length; i++)
            {
                if (cs.Slots[i].InUse)
                    Delete(Address(space, i));
            }
        }

        /// <summary>True if <paramref name="ancestor"/> is <paramref name="address"/> or above it in the tree.</summary>
        public bool IsDerivedFrom(int address, int ancestor)
        {
            int n = address;
            while (n >= 0)
            {
                if (n == ancestor)
                    return true;
                n = At(n).Parent;
            }
            return false;
        }

        private void LinkChild(int parent, int child)
        {
            ref CapSlot p = ref At(parent);
            ref CapSlot c = ref At(child);
            c.Parent = parent;
            c.PrevSibling = -1;
            c.NextSibling = p.FirstChild;
            if (p.FirstChild >= 0)
                At(p.FirstChild).PrevSibling = child;
            p.FirstChild = child;
        }

        /// <summary>Unlinks a node without children, frees the slot, drops the object reference.</summary>
        private void FreeNode(int address)
        {
            ref CapSlot s = ref At(address);
            if (s.FirstChild >= 0)
                throw new System.InvalidOperationException("freeing a capability that still has children");
            if (s.PrevSibling >= 0)
                At(s.PrevSibling).NextSibling = s.NextSibling;
            else if (s.Parent >= 0)
                At(s.Parent).FirstChild = s.NextSibling;
            if (s.NextSibling >= 0)
                At(s.NextSibling).PrevSibling = s.PrevSibling;
            KernelObject obj = s.Object;
            spaces[address / slotsPerSpace].FreeSlot(address % slotsPerSpace);
            kernel.ReleaseReference(obj);
        }
    }
}
