using System;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// SYS_READ and SYS_WRITE on capability-protected objects: the console (write, offset 0),
    /// the kernel log (read at an absolute offset), memory objects (read and write at an offset).
    /// </summary>
    public static class IoSyscalls
    {
        /// <summary>
        /// The common front of read and write, in the usual order: look up the capability, check
        /// the object is one this call serves (<paramref name="streamType"/> or a memory object),
        /// check the right, then decode and range-check the buffer.
        /// </summary>
        private static SyscallError Open(Process p, Capability capability, ulong buffer, ulong count, ObjectType streamType, Rights needed,
                                         out KernelObject obj)
        {
            obj = null;
            CapabilitySpace space = p.Capabilities;
            SyscallError e = space.Lookup(capability, out int slot);
            if (e != SyscallError.Success)
                return e;
            obj = space.ObjectAt(slot);
            if (obj.Type != streamType && obj.Type != ObjectType.Memory)
                return SyscallError.NotSupported;
            if (!space.RightsAt(slot).Contains(needed))
                return SyscallError.PermissionDenied;
            return UserMemory.CheckRange(buffer, count);
        }

        /// <summary>read(cap, buffer, count, offset) → bytes read.</summary>
        [SyscallHandler(SyscallNumber.Read)]
        public static SyscallResult Read(KernelServices k, Thread caller, Capability capability, UserOutBuffer destination, ulong offset)
        {
            Process p = caller.Process;
            ulong buffer = destination.Address;
            ulong count = destination.Length;
            SyscallError e = Open(p, capability, buffer, count, ObjectType.Log, Rights.Read, out KernelObject obj);
            if (e != SyscallError.Success)
                return e;

            Span<byte> scratch = k.Scratch;
            if (obj.Type == ObjectType.Log)
            {
                if (offset > k.Log.End)
                    return SyscallError.InvalidParameter;
                if (offset < k.Log.Start)
                    return SyscallError.NotFound;
                ulong available = k.Log.End - offset;
                if (count > available)
                    count = available;
                ulong done = 0;
                while (done < count)
                {
                    int chunk = (int)(count - done < (ulong)scratch.Length ? count - done : (ulong)scratch.Length);
                    k.Log.Read(offset + done, scratch.Slice(0, chunk));
                    e = UserMemory.CopyOut(p.Memory, buffer + done, scratch.Slice(0, chunk));
                    if (e != SyscallError.Success)
                        return e;
                    done += (ulong)chunk;
                }
                return SyscallResult.Done(done);
            }

            MemoryObject m = (MemoryObject)obj;
            e = m.Clip(offset, ref count);
            if (e != SyscallError.Success)
                return e;
            ulong copied = 0;
            while (copied < count)
            {
                Span<byte> src = m.BytesAt(k.Platform, offset + copied, count - copied);
                e = UserMemory.CopyOut(p.Memory, buffer + copied, src);
                if (e != SyscallError.Success)
                    return e;
                copied += (ulong)src.Length;
            }
            return SyscallResult.Done(copied);
        }

        /// <summary>write(cap, buffer, count, offset) → bytes written.</summary>
        [SyscallHandler(SyscallNumber.Write)]
        public static SyscallResult Write(KernelServices k, Thread caller, Capability capability, UserBuffer source, ulong offset)
        {
            Process p = caller.Process;
            ulong buffer = source.Address;
            ulong count = source.Length;
            SyscallError e = Open(p, capability, buffer, count, ObjectType.Console, Rights.Write, out KernelObject obj);
            if (e != SyscallError.Success)
                return e;

            Span<byte> scratch = k.Scratch;
            if (obj.Type == ObjectType.Console)
            {
                if (offset != 0)
                    return SyscallError.InvalidParameter;
                ulong done = 0;
                while (done < count)
                {
                    int chunk = (int)(count - done < (ulong)scratch.Length ? count - done : (ulong)scratch.Length);
                    e = UserMemory.CopyIn(p.Memory, buffer + done, scratch.Slice(0, chunk));
                    if (e != SyscallError.Success)
                        return done == 0 ? e : SyscallResult.Done(done);
                    k.Platform.ConsoleWrite(scratch.Slice(0, chunk));
                    k.Log.Append(scratch.Slice(0, chunk));
                    done += (ulong)chunk;
                }
                return SyscallResult.Done(done);
            }

            MemoryObject m = (MemoryObject)obj;
            e = m.Clip(offset, ref count);
            if (e != SyscallError.Success)
                return e;
            ulong copied = 0;
            while (copied < count)
            {
                Span<byte> dst = m.BytesAt(k.Platform, offset + copied, count - copied);
                e = UserMemory.CopyIn(p.Memory, buffer + copied, dst);
                if (e != SyscallError.Success)
                    return e;
                copied += (ulong)dst.Length;
            }
            return SyscallResult.Done(copied);
        }
    }
}
