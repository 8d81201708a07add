using Veridian.Kernel.Memory;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_MMAP, SYS_MUNMAP, SYS_MPROTECT over the caller's <see cref="AddressSpace"/>.</summary>
    public static class MemorySyscalls
    {
        /// <summary>mmap(addr, length, prot, flags, capability, offset) → address.</summary>
        [SyscallHandler(SyscallNumber.Mmap)]
        public static SyscallResult Mmap(KernelServices k, Thread caller, ulong addr, ulong length, ProtectionFlags prot,
                                         MapFlags flags, Capability token, ulong offset)
        {
            if ((prot & ~ProtectionFlags.All) != 0 || (flags & ~MapFlags.All) != 0)
                return SyscallError.InvalidParameter;
            if (IsWritableAndExecutable(prot))
                return SyscallError.PermissionDenied;
            bool shared = (flags & MapFlags.Shared) != 0;
            if (shared == ((flags & MapFlags.Private) != 0))
                return SyscallError.InvalidParameter;
            if (length == 0 || !AddressSpace.TryPageRound(length, out ulong size))
                return SyscallError.InvalidParameter;
            if (!AddressSpace.IsPageAligned(addr) || !AddressSpace.IsPageAligned(offset))
                return SyscallError.InvalidParameter;

            Process p = caller.Process;
            AddressSpace space = p.Memory;
            MemoryObject obj = null;
            ProtectionFlags maxProt = ProtectionFlags.All;
            if ((flags & MapFlags.Anonymous) != 0)
            {
                if (!token.IsNull || offset != 0)
                    return SyscallError.InvalidParameter;
                if (shared)
                    return SyscallError.NotSupported;
            }
            else
            {
                if (!shared)
                    return SyscallError.NotSupported;
                SyscallError ce = p.Capabilities.Lookup(token, ObjectType.Memory, RightsFor(prot), out int slot);
                if (ce != SyscallError.Success)
                    return ce;
                obj = (MemoryObject)p.Capabilities.ObjectAt(slot);
                if (offset > obj.SizeBytes || size > obj.SizeBytes - offset)
                    return SyscallError.InvalidParameter;
                maxProt = ProtectionFor(p.Capabilities.RightsAt(slot));
            }

            ulong start;
            if ((flags & MapFlags.Fixed) != 0)
            {
                if (!AddressSpace.IsUserRange(addr, size))
                    return SyscallError.InvalidAddress;
                if (!space.IsFree(addr, addr + size))
                    return SyscallError.AlreadyExists;
                start = addr;
            }
            else if (addr != 0 && AddressSpace.IsUserRange(addr, size) && space.IsFree(addr, addr + size))
            {
                start = addr;
            }
            else if (!space.FindFree(size, out start))
            {
                return SyscallError.OutOfMemory;
            }

            SyscallError e = space.MapRegion(start, start + size, prot, maxProt, obj,
                offset / Abi.PageSize, (flags & MapFlags.Populate) != 0);
            if (e != SyscallError.Success)
                return e;
            return SyscallResult.Done(start);
        }

        /// <summary>munmap(addr, length): addr page-aligned, length rounded up to pages; holes are fine.</summary>
        [SyscallHandler(SyscallNumber.Munmap)]
        public static SyscallResult Munmap(KernelServices k, Thread caller, ulong addr, ulong length)
        {
            SyscallError e = CheckRange(addr, length, out ulong size);
            if (e != SyscallError.Success)
                return e;
            return caller.Process.Memory.Unmap(addr, addr + size);
        }

        /// <summary>mprotect(addr, length, prot): every page in the range must be mapped.</summary>
        [SyscallHandler(SyscallNumber.Mprotect)]
        public static SyscallResult Mprotect(KernelServices k, Thread caller, ulong addr, ulong length, ProtectionFlags prot)
        {
            if ((prot & ~ProtectionFlags.All) != 0)
                return SyscallError.InvalidParameter;
            if (IsWritableAndExecutable(prot))
                return SyscallError.PermissionDenied;
            SyscallError e = CheckRange(addr, length, out ulong size);
            if (e != SyscallError.Success)
                return e;
            return caller.Process.Memory.Protect(addr, addr + size, prot);
        }

        private static SyscallError CheckRange(ulong addr, ulong length, out ulong size)
        {
            size = 0;
            if (length == 0 || !AddressSpace.IsPageAligned(addr))
                return SyscallError.InvalidParameter;
            if (!AddressSpace.TryPageRound(length, out size) || !AddressSpace.IsUserRange(addr, size))
                return SyscallError.InvalidAddress;
            return SyscallError.Success;
        }

        /// <summary>W^X: no user page is ever writable and executable at once (docs/abi.md).</summary>
        public static bool IsWritableAndExecutable(ProtectionFlags prot)
            => (prot & (ProtectionFlags.Write | ProtectionFlags.Exec)) == (ProtectionFlags.Write | ProtectionFlags.Exec);

        /// <summary>The capability rights a protection needs: Read, Write, Execute.</summary>
        public static Rights RightsFor(ProtectionFlags prot)
        {
            uint r = 0;
            if ((prot & ProtectionFlags.Read) != 0)
                r |= Rights.ReadBit;
            if ((prot & ProtectionFlags.Write) != 0)
                r |= Rights.WriteBit;
            if ((prot & ProtectionFlags.Exec) != 0)
                r |= Rights.ExecuteBit;
            return new Rights(r);
        }

        /// <summary>The most protection a capability's rights allow.</summary>
        public static ProtectionFlags ProtectionFor(Rights rights)
        {
            ProtectionFlags p = ProtectionFlags.None;
            if (rights.Contains(Rights.Read))
                p |= ProtectionFlags.Read;
            if (rights.Contains(Rights.Write))
                p |= ProtectionFlags.Write;
            if (rights.Contains(Rights.Execute))
                p |= ProtectionFlags.Exec;
            return p;
        }
    }
}
