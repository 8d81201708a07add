using System;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Io;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>
    /// SYS_READ and SYS_WRITE on capability-protected objects: the console (write, and a blocking
    /// read of what is typed; offset 0), the kernel log (read at an absolute offset), memory
    /// objects (read and write at an offset), system information (read, the offset selects the
    /// table) and the power switch (write a command).
    /// </summary>
    public static class IoSyscalls
    {
        /// <summary>
        /// The common front of read and write, in the usual order: look up the capability, check
        /// the object is one this call serves, check the right, then decode and range-check the buffer.
        /// </summary>
        private static SyscallError Open(Process p, Capability capability, ulong buffer, ulong count, bool forRead, Rights needed,
                                         out KernelObject obj)
        {
            obj = null;
            CapabilitySpace space = p.Capabilities;
            SyscallError e = space.Lookup(capability, out int slot);
            if (e != SyscallError.Success)
                return e;
            obj = space.ObjectAt(slot);
            if (!Serves(obj.Type, forRead))
                return SyscallError.NotSupported;
            if (!space.RightsAt(slot).Contains(needed))
                return SyscallError.PermissionDenied;
            return UserMemory.CheckRange(buffer, count);
        }

        private static bool Serves(ObjectType type, bool forRead)
        {
            switch (type)
            {
                case ObjectType.Memory:
                case ObjectType.Console:
                    return true;
                case ObjectType.Log:
                case ObjectType.SystemInfo:
                    return forRead;
                case ObjectType.Power:
                    return !forRead;
                default:
                    return false;
            }
        }

        /// <summary>read(cap, buffer, count, offset) → bytes read.</summary>
        [SyscallHandler(SyscallNumber.Read)]
        public static SyscallResult Read(KernelServices k, Thread caller, Capability capability, UserOutBuffer destination, ulong offset)
        {
            Process p = caller.Process;
            ulong buffer = destination.Address;
            ulong count = destination.Length;
            SyscallError e = Open(p, capability, buffer, count, forRead: true, Rights.Read, out KernelObject obj);
            if (e != SyscallError.Success)
                return e;

            Span<byte> scratch = k.Scratch;
            if (obj.Type == ObjectType.Console)
                return ReadConsole(k, caller, buffer, count, offset);
            if (obj.Type == ObjectType.SystemInfo)
            {
                int limit = count < (ulong)scratch.Length ? (int)count : scratch.Length;
                e = SystemInfoObject.Read(k, p, offset, scratch.Slice(0, limit), out int length);
                if (e == SyscallError.Success)
                    e = UserMemory.CopyOut(p.Memory, buffer, scratch.Slice(0, length));
                return e == SyscallError.Success ? SyscallResult.Done((ulong)length) : e;
            }
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

        /// <summary>
        /// The console's read: what has been typed, at least one byte and at most
        /// <paramref name="count"/>; with nothing typed yet the caller blocks until a key arrives
        /// (no timeout: SYS_READ has none). A zero count returns 0 at once.
        /// </summary>
        private static SyscallResult ReadConsole(KernelServices k, Thread caller, ulong buffer, ulong count, ulong offset)
        {
            if (offset != 0)
                return SyscallError.InvalidParameter;
            SyscallError e = UserMemory.Probe(caller.Process.Memory, buffer, count, ProtectionFlags.Write);
            if (e != SyscallError.Success || count == 0)
                return e != SyscallError.Success ? (SyscallResult)e : SyscallResult.Done(0);
            ConsoleObject console = k.Console;
            ConsoleInput input = console.Input;
            if (console.HasInterruptFor(caller.Process))
            {
                input.Interrupts--;
                Span<byte> one = stackalloc byte[1];
                one[0] = ConsoleInput.Interrupt;
                e = UserMemory.CopyOut(caller.Process.Memory, buffer, one);
                return e != SyscallError.Success ? (SyscallResult)e : SyscallResult.Done(1);
            }
            if (input.Count > 0 && console.MayRead(caller.Process))
            {
                Span<byte> chunk = k.Scratch;
                int n = input.Take(chunk.Slice(0, count < (ulong)chunk.Length ? (int)count : chunk.Length));
                e = UserMemory.CopyOut(caller.Process.Memory, buffer, chunk.Slice(0, n));
                return e != SyscallError.Success ? (SyscallResult)e : SyscallResult.Done((ulong)n);
            }
            if (k.ReportBootTime)
            {
                // The first reader that waits is the shell at its first prompt (docs/benchmarks.md "Boot time").
                k.ReportBootTime = false;
                ulong ns = k.Platform.NanosecondsSinceMachineStart;
                Veridian.Kernel.Console.KernelConsole.Write("boottime: console input awaited ");
                Veridian.Kernel.Console.KernelConsole.WriteDecimal(ns / 1_000_000);
                Veridian.Kernel.Console.KernelConsole.Write(" ms after machine start, ");
                Veridian.Kernel.Console.KernelConsole.WriteDecimal(k.Clock.Monotonic / 1_000_000);
                Veridian.Kernel.Console.KernelConsole.WriteLine(" ms after the kernel's clock started");
            }
            return SyscallResult.BlockedOn(console.Readers.BeginRead(caller, buffer, count));
        }

        /// <summary>
        /// console_foreground(console, pid): hand the console's input to a child of the caller
        /// (pid None: take it back). Needs Read|Grant on a console capability: giving away what
        /// one may read. A child that has ended is left alone (nothing to hand over to).
        /// </summary>
        [SyscallHandler(SyscallNumber.ConsoleForeground)]
        public static SyscallResult ConsoleForeground(KernelServices k, Thread caller, Capability console, ProcessId process)
        {
            CapabilitySpace space = caller.Process.Capabilities;
            SyscallError e = space.Lookup(console, out int slot);
            if (e != SyscallError.Success)
                return e;
            if (space.ObjectAt(slot).Type != ObjectType.Console)
                return SyscallError.NotSupported;
            if (!space.RightsAt(slot).Contains(Rights.Read.Union(Rights.Grant)))
                return SyscallError.PermissionDenied;
            if (process.IsNone)
            {
                if (k.Console.ClearForeground())
                    k.ConsoleInputArrived();
                return SyscallError.Success;
            }
            Process child = ProcessSyscalls.LookupChild(k, caller.Process, process);
            if (child == null)
                return SyscallError.NotFound;
            if (child.State == ProcessState.Zombie)
                return SyscallError.Success;
            k.Console.SetForeground(child, caller.Process);
            return SyscallError.Success;
        }

        /// <summary>write(cap, buffer, count, offset) → bytes written.</summary>
        [SyscallHandler(SyscallNumber.Write)]
        public static SyscallResult Write(KernelServices k, Thread caller, Capability capability, UserBuffer source, ulong offset)
        {
            Process p = caller.Process;
            ulong buffer = source.Address;
            ulong count = source.Length;
            SyscallError e = Open(p, capability, buffer, count, forRead: false, Rights.Write, out KernelObject obj);
            if (e != SyscallError.Success)
                return e;

            Span<byte> scratch = k.Scratch;
            if (obj.Type == ObjectType.Power)
            {
                if (offset != 0 || count > 64)
                    return SyscallError.InvalidParameter;
                e = UserMemory.CopyIn(p.Memory, buffer, scratch.Slice(0, (int)count));
                return e != SyscallError.Success ? e : PowerObject.Write(k, scratch.Slice(0, (int)count));
            }
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
