using Veridian.Kernel.Caps;
using Veridian.Kernel.Ipc;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_CAPABILITY_CREATE, DERIVE, REVOKE, VALIDATE.</summary>
    public static class CapabilitySyscalls
    {
        /// <summary>
        /// create(object_type, object_id, rights, parent) → Capability. The parent must be a
        /// Resource capability with the Create right, and the new rights a subset of the
        /// parent's. Memory: object_id is the size in bytes. Endpoint: object_id must be 0.
    /// Resource: object_id is the quota share (1..100 percent) for children it is granted to.
        /// The new capability is a child of the parent in the derivation tree.
        /// </summary>
        [SyscallHandler(SyscallNumber.CapabilityCreate)]
        public static SyscallResult Create(KernelServices k, Thread caller, ObjectType type, ObjectId id, Rights rights, Capability parentToken)
        {
            ulong objectId = id.Raw;
            if (!rights.IsValid)
                return SyscallError.InvalidParameter;

            Process p = caller.Process;
            SyscallError e = p.Capabilities.Lookup(parentToken, ObjectType.Resource, Rights.Create, out int parentSlot);
            if (e != SyscallError.Success)
                return e;
            if (!rights.IsSubsetOf(p.Capabilities.RightsAt(parentSlot)))
                return SyscallError.PermissionDenied;
            if (p.Capabilities.IsFull)
                return SyscallError.ResourceExhausted;

            KernelObject obj;
            switch (type)
            {
                case ObjectType.Memory:
                    if (objectId == 0 || objectId > k.Config.MaxMemoryObjectBytes)
                        return SyscallError.InvalidParameter;
                    e = k.MemoryObjects.Create(p.Quota, (objectId + Abi.PageSize - 1) / Abi.PageSize, out MemoryObject m);
                    if (e != SyscallError.Success)
                        return e;
                    obj = m;
                    break;
                case ObjectType.Endpoint:
                    if (objectId != 0)
                        return SyscallError.InvalidParameter;
                    Endpoint ep = k.Ipc.AllocateEndpoint(p);
                    if (ep == null)
                        return SyscallError.ResourceExhausted;
                    obj = ep;
                    break;
                case ObjectType.Resource:
                    // object_id is the quota share (percent of the creator's limits) it gives a child.
                    if (objectId == 0 || objectId > 100)
                        return SyscallError.InvalidParameter;
                    ResourceObject r = k.Tasks.AllocateResource(p, (int)objectId);
                    if (r == null)
                        return SyscallError.ResourceExhausted;
                    obj = r;
                    break;
                case ObjectType.None:
                case ObjectType.Process:
                case ObjectType.Thread:
                case ObjectType.Console:
                case ObjectType.Log:
                    return SyscallError.NotSupported;
                default:
                    return SyscallError.InvalidParameter;
            }
            int parent = k.Capabilities.Address(p.CapabilitySpaceIndex, parentSlot);
            k.Capabilities.Insert(p.CapabilitySpaceIndex, obj, rights, parent, out int slot);
            return SyscallResult.Done(p.Capabilities.TokenOf(slot).Raw);
        }

        /// <summary>derive(parent, new_rights) → Capability: needs Derive; the new rights must be a subset.</summary>
        [SyscallHandler(SyscallNumber.CapabilityDerive)]
        public static SyscallResult Derive(KernelServices k, Thread caller, Capability parentToken, Rights rights)
        {
            if (!rights.IsValid)
                return SyscallError.InvalidParameter;
            Process p = caller.Process;
            SyscallError e = p.Capabilities.Lookup(parentToken, out int slot);
            if (e != SyscallError.Success)
                return e;
            Rights held = p.Capabilities.RightsAt(slot);
            if (!held.Contains(Rights.Derive) || !rights.IsSubsetOf(held))
                return SyscallError.PermissionDenied;
            CapabilityTable caps = k.Capabilities;
            e = caps.Derive(caps.Address(p.CapabilitySpaceIndex, slot), p.CapabilitySpaceIndex, rights, out int child);
            if (e != SyscallError.Success)
                return e;
            return SyscallResult.Done(p.Capabilities.TokenOf(child).Raw);
        }

        /// <summary>revoke(cap): removes it and every derivative in every process. Any holder may revoke its own.</summary>
        [SyscallHandler(SyscallNumber.CapabilityRevoke)]
        public static SyscallResult Revoke(KernelServices k, Thread caller, Capability capability)
        {
            Process p = caller.Process;
            SyscallError e = p.Capabilities.Lookup(capability, out int slot);
            if (e != SyscallError.Success)
                return e;
            k.Capabilities.Revoke(k.Capabilities.Address(p.CapabilitySpaceIndex, slot));
            return SyscallError.Success;
        }

        /// <summary>validate(cap, required_rights): Success, InvalidCapability, PermissionDenied, or InvalidParameter for unknown bits.</summary>
        [SyscallHandler(SyscallNumber.CapabilityValidate)]
        public static SyscallResult Validate(KernelServices k, Thread caller, Capability capability, Rights required)
        {
            if (!required.IsValid)
                return SyscallError.InvalidParameter;
            CapabilitySpace space = caller.Process.Capabilities;
            SyscallError e = space.Lookup(capability, out int slot);
            if (e != SyscallError.Success)
                return e;
            return space.RightsAt(slot).Contains(required) ? SyscallError.Success : SyscallError.PermissionDenied;
        }
    }
}
