using System.Runtime.CompilerServices;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Caps
{
    /// <summary>
    /// A process's capability space: a fixed array of slots allocated once. A token's index is
    /// the slot, so lookup is one bounds check, one generation compare and one type compare:
    /// O(1) and allocation-free. Freeing a slot bumps its generation, so every token that named
    /// the old occupant is stale from then on.
    /// </summary>
    public sealed class CapabilitySpace
    {
        public readonly int SpaceIndex;
        internal readonly CapSlot[] Slots;
        private int freeHead;
        private int count;

        public CapabilitySpace(int spaceIndex, int capacity)
        {
            SpaceIndex = spaceIndex;
            Slots = new CapSlot[capacity];
            for (int i = 0; i < capacity; i++)
            {
                Slots[i].Generation = 1;
                Slots[i].Parent = -1;
                Slots[i].FirstChild = -1;
                Slots[i].NextSibling = -1;
                Slots[i].PrevSibling = -1;
                Slots[i].NextFree = i + 1 < capacity ? i + 1 : -1;
            }
            freeHead = capacity > 0 ? 0 : -1;
        }

        public int Capacity => Slots.Length;

        /// <summary>Slots in use.</summary>
        public int Count => count;

        public bool IsFull => freeHead < 0;

        /// <summary>
        /// Finds the slot a token names. InvalidCapability if the token is null, malformed,
        /// out of range, stale (generation), for an empty slot, or its type tag disagrees.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public SyscallError Lookup(Capability token, out int slot)
        {
            slot = (int)token.Index;
            if (!token.IsWellFormed || slot >= Slots.Length)
                return SyscallError.InvalidCapability;
            ref CapSlot s = ref Slots[slot];
            if (s.Object == null || s.Generation != token.Generation || s.Object.Type != token.Type)
                return SyscallError.InvalidCapability;
            return SyscallError.Success;
        }

        /// <summary>Lookup plus the object type and rights checks every handler does.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public SyscallError Lookup(Capability token, ObjectType type, Rights required, out int slot)
        {
            SyscallError e = Lookup(token, out slot);
            if (e != SyscallError.Success)
                return e;
            if (token.Type != type)
                return SyscallError.InvalidCapability;
            if (!Slots[slot].Rights.Contains(required))
                return SyscallError.PermissionDenied;
            return SyscallError.Success;
        }

        public KernelObject ObjectAt(int slot)
        {
            return Slots[slot].Object;
        }

        public Rights RightsAt(int slot)
        {
            return Slots[slot].Rights;
        }

        public Capability TokenOf(int slot)
        {
            ref CapSlot s = ref Slots[slot];
            return Capability.Make((uint)slot, s.Generation, s.Object.Type);
        }

        internal int AllocateSlot()
        {
            int slot = freeHead;
            if (slot < 0)
                return -1;
            freeHead = Slots[slot].NextFree;
            Slots[slot].NextFree = -1;
            count++;
            return slot;
        }

        internal void FreeSlot(int slot)
        {
            ref CapSlot s = ref Slots[slot];
            s.Object = null;
            s.Rights = Rights.None;
            s.Generation = HandleLayout.NextGeneration(s.Generation);
            s.Parent = -1;
            s.FirstChild = -1;
            s.NextSibling = -1;
            s.PrevSibling = -1;
            s.NextFree = freeHead;
            freeHead = slot;
            count--;
        }
    }
}
