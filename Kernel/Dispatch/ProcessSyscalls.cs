using System;
using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Dispatch
{
    /// <summary>SYS_EXIT, SYS_PROCESS_CREATE, START, WAIT. A ProcessId's authority is parenthood: only the creator may start or wait.</summary>
    public static class ProcessSyscalls
    {
        /// <summary>exit(code): ends the whole process. Never returns.</summary>
        [SyscallHandler(SyscallNumber.Exit)]
        public static SyscallResult Exit(KernelServices k, Thread caller, int code)
        {
            k.Tasks.ExitProcess(caller.Process, ExitReason.Exited, code, FaultCode.None, 0);
            return SyscallResult.Gone;
        }

        /// <summary>
        /// create(binary, binary_len, args, args_len, capabilities, cap_count) → ProcessId.
        /// args is an array of <see cref="UserString"/>; each capability must be held with Grant
        /// and arrives in the child as a derivative with the same rights. The child is left in
        /// state Created; its first thread gets a <see cref="StartInfo"/> at the top of its stack.
        /// </summary>
        [SyscallHandler(SyscallNumber.ProcessCreate)]
        public static SyscallResult Create(KernelServices k, Thread caller, UserBuffer image, UserArray<UserString> argv,
                                           UserArray<Capability> grants)
        {
            Process parent = caller.Process;
            AddressSpace from = parent.Memory;
            ulong binary = image.Address;
            ulong binaryLength = image.Length;
            ulong args = argv.Address;
            ulong argCount = argv.Count;
            ulong capCount = grants.Count;

            if (binaryLength < ElfParser.HeaderSize || binaryLength > Abi.MaxBinarySize)
                return SyscallError.InvalidParameter;
            if (argCount > Abi.MaxArgs || capCount > Abi.MaxGrantedCapabilities)
                return SyscallError.InvalidParameter;
            SyscallError e = UserMemory.CheckRange(binary, binaryLength);
            if (e == SyscallError.Success)
                e = UserMemory.CheckRange(args, argv.ByteLength);
            if (e == SyscallError.Success)
                e = UserMemory.CheckRange(grants.Address, grants.ByteLength);
            if (e != SyscallError.Success)
                return e;

            // The capabilities to grant: held, with Grant. The first Resource among them sets
            // the child's quota share; without one the child gets the default share.
            Span<int> grantSlots = stackalloc int[(int)Abi.MaxGrantedCapabilities];
            int quotaPercent = -1;
            for (ulong i = 0; i < capCount; i++)
            {
                e = UserMemory.Read(from, grants.ElementAddress(i), out Capability token);
                if (e != SyscallError.Success)
                    return e;
                e = parent.Capabilities.Lookup(token, out int slot);
                if (e != SyscallError.Success)
                    return e;
                if (!parent.Capabilities.RightsAt(slot).Contains(Rights.Grant))
                    return SyscallError.PermissionDenied;
                grantSlots[(int)i] = slot;
                if (quotaPercent < 0 && parent.Capabilities.ObjectAt(slot) is ResourceObject share)
                    quotaPercent = share.QuotaPercent;
            }
            if (quotaPercent < 0)
                quotaPercent = k.Config.DefaultChildQuotaPercent;

            // The args: readable, within the size limit.
            ulong argBytes = 0;
            for (ulong i = 0; i < argCount; i++)
            {
                e = UserMemory.Read(from, argv.ElementAddress(i), out UserString s);
                if (e != SyscallError.Success)
                    return e;
                if (s.Length > Abi.MaxArgBytes || argBytes + s.Length > Abi.MaxArgBytes)
                    return SyscallError.InvalidParameter;
                e = UserMemory.CheckRange(s.Pointer, s.Length);
                if (e != SyscallError.Success)
                    return e;
                argBytes += s.Length;
            }

            // The image header and program headers, then the segments.
            Span<byte> scratch = k.Scratch;
            int headLength = binaryLength < (ulong)scratch.Length ? (int)binaryLength : scratch.Length;
            e = UserMemory.CopyIn(from, binary, scratch.Slice(0, headLength));
            if (e != SyscallError.Success)
                return e;
            Span<ElfSegment> segments = stackalloc ElfSegment[ElfParser.MaxSegments];
            e = ElfParser.Parse(scratch.Slice(0, headLength), binaryLength, k.Config.ElfMachine, segments,
                out int segmentCount, out ulong entry);
            if (e != SyscallError.Success)
                return e;
            ulong stackBottom = Abi.InitialStackTop - Abi.InitialStackSize;
            for (int i = 0; i < segmentCount; i++)
            {
                if (ElfParser.PageStart(segments[i]) < Abi.InitialStackTop && stackBottom < ElfParser.PageEnd(segments[i]))
                    return SyscallError.InvalidParameter;
            }

            Process child = k.Tasks.AllocateProcess(parent, quotaPercent);
            if (child == null)
                return SyscallError.ResourceExhausted;
            Thread main = k.Tasks.AllocateThread(child);
            if (main == null)
            {
                k.Tasks.Discard(child);
                return SyscallError.ResourceExhausted;
            }
            e = Load(k, from, binary, child, segments.Slice(0, segmentCount));
            if (e == SyscallError.Success)
                e = child.Memory.MapRegion(stackBottom, Abi.InitialStackTop, ProtectionFlags.Read | ProtectionFlags.Write,
                    ProtectionFlags.All, null, 0, false);
            ulong info = 0;
            if (e == SyscallError.Success)
                e = WriteStartInfo(k, parent, child, args, argCount, argBytes, grantSlots.Slice(0, (int)capCount), out info);
            if (e != SyscallError.Success)
            {
                k.Tasks.Discard(child);
                return e;
            }
            main.EntryPoint = entry;
            main.StackPointer = info;
            main.Argument = info;
            child.MainThread = main;
            child.SetName(default);
            if (argCount > 0 && UserMemory.Read(from, args, out UserString first) == SyscallError.Success)
            {
                Span<byte> name = stackalloc byte[16];
                int n = first.Length < 16 ? (int)first.Length : 16;
                if (UserMemory.CopyIn(from, first.Pointer, name.Slice(0, n)) == SyscallError.Success)
                    child.SetName(name.Slice(0, n));
            }
            return SyscallResult.Done(child.Id.Raw);
        }

        private static SyscallError Load(KernelServices k, AddressSpace from, ulong binary, Process child, Span<ElfSegment> segments)
        {
            Span<byte> scratch = k.Scratch;
            for (int i = 0; i < segments.Length; i++)
            {
                ElfSegment s = segments[i];
                SyscallError e = child.Memory.MapRegion(ElfParser.PageStart(s), ElfParser.PageEnd(s), s.Protection,
                    ProtectionFlags.All, null, 0, true);
                if (e != SyscallError.Success)
                    return e;
                ulong done = 0;
                while (done < s.FileSize)
                {
                    int chunk = s.FileSize - done < (ulong)scratch.Length ? (int)(s.FileSize - done) : scratch.Length;
                    e = UserMemory.CopyIn(from, binary + s.FileOffset + done, scratch.Slice(0, chunk));
                    if (e != SyscallError.Success)
                        return e;
                    e = UserMemory.CopyOut(child.Memory, s.VirtualAddress + done, scratch.Slice(0, chunk), true);
                    if (e != SyscallError.Success)
                        return e;
                    done += (ulong)chunk;
                }
            }
            return SyscallError.Success;
        }

        /// <summary>Lays out arg strings, the UserString array, the capability array and the StartInfo, top down.</summary>
        private static unsafe SyscallError WriteStartInfo(KernelServices k, Process parent, Process child, ulong args, ulong argCount,
            ulong argBytes, Span<int> grantSlots, out ulong info)
        {
            AddressSpace to = child.Memory;
            ulong strings = (Abi.InitialStackTop - argBytes) & ~15UL;
            ulong argv = strings - argCount * (ulong)sizeof(UserString);
            ulong capArray = (argv - (ulong)grantSlots.Length * (ulong)sizeof(Capability)) & ~7UL;
            info = (capArray - (ulong)sizeof(StartInfo)) & ~15UL;

            Span<byte> scratch = k.Scratch;
            ulong cursor = strings;
            for (ulong i = 0; i < argCount; i++)
            {
                SyscallError e = UserMemory.Read(parent.Memory, args + i * (ulong)sizeof(UserString), out UserString s);
                if (e == SyscallError.Success)
                    e = UserMemory.CopyIn(parent.Memory, s.Pointer, scratch.Slice(0, (int)s.Length));
                if (e == SyscallError.Success)
                    e = UserMemory.CopyOut(to, cursor, scratch.Slice(0, (int)s.Length), true);
                if (e == SyscallError.Success)
                    e = Put(to, argv + i * (ulong)sizeof(UserString), new UserString(cursor, s.Length));
                if (e != SyscallError.Success)
                    return e;
                cursor += s.Length;
            }
            CapabilityTable caps = k.Capabilities;
            for (int i = 0; i < grantSlots.Length; i++)
            {
                int parentAddress = caps.Address(parent.CapabilitySpaceIndex, grantSlots[i]);
                SyscallError e = caps.Derive(parentAddress, child.CapabilitySpaceIndex, caps.At(parentAddress).Rights, out int slot);
                if (e == SyscallError.Success)
                    e = Put(to, capArray + (ulong)i * (ulong)sizeof(Capability), child.Capabilities.TokenOf(slot));
                if (e != SyscallError.Success)
                    return e;
            }
            return Put(to, info, new StartInfo(argCount, argv, (ulong)grantSlots.Length, capArray));
        }

        private static unsafe SyscallError Put<T>(AddressSpace to, ulong at, T value) where T : unmanaged
        {
            return UserMemory.CopyOut(to, at, new ReadOnlySpan<byte>(&value, sizeof(T)), true);
        }

        /// <summary>
        /// The caller's authority over a ProcessId is being its parent, so the id is resolved
        /// among the caller's children only: anything else (no such id, stale, another parent's
        /// child) is the same null, and the error cannot tell a prober which ids exist.
        /// </summary>
        internal static Process LookupChild(KernelServices k, Process parent, ProcessId process)
        {
            Process child = k.LookupProcess(process);
            return child != null && child.Parent == parent ? child : null;
        }

        /// <summary>start(pid): only the parent, only once.</summary>
        [SyscallHandler(SyscallNumber.ProcessStart)]
        public static SyscallResult Start(KernelServices k, Thread caller, ProcessId process)
        {
            Process child = LookupChild(k, caller.Process, process);
            if (child == null)
                return SyscallError.NotFound;
            if (child.State != ProcessState.Created)
                return SyscallError.Busy;
            child.State = ProcessState.Running;
            k.Tasks.MakeRunnable(child.MainThread);
            return SyscallError.Success;
        }

        /// <summary>kill(pid): only the parent (anyone else gets NotFound, as for start and wait); an ended child is left as it is (its exit info stays for wait).</summary>
        [SyscallHandler(SyscallNumber.ProcessKill)]
        public static SyscallResult Kill(KernelServices k, Thread caller, ProcessId process)
        {
            Process child = LookupChild(k, caller.Process, process);
            if (child == null)
                return SyscallError.NotFound;
            if (child.State != ProcessState.Zombie)
                k.Tasks.ExitProcess(child, ExitReason.Killed, -1, FaultCode.None, 0);
            return SyscallError.Success;
        }

        /// <summary>
        /// wait(pid, timeout_ns, out ProcessExitInfo*) → 0. Only the parent; one waiter at a time
        /// (Busy). A successful wait reaps the child: its id is stale afterwards.
        /// </summary>
        [SyscallHandler(SyscallNumber.ProcessWait)]
        public static SyscallResult Wait(KernelServices k, Thread caller, ProcessId process, ulong timeout, UserOutPtr<ProcessExitInfo> info)
        {
            Process child = LookupChild(k, caller.Process, process);
            if (child == null)
                return SyscallError.NotFound;
            ulong outPointer = info.Address;
            if (outPointer == 0)
                return SyscallError.InvalidAddress;
            SyscallError e = UserMemory.Probe(caller.Process.Memory, outPointer, info.Size, ProtectionFlags.Write);
            if (e != SyscallError.Success)
                return e;
            if (child.Waiter != null)
                return SyscallError.Busy;
            if (child.State == ProcessState.Zombie)
                return k.Tasks.CollectExit(child, caller.Process.Memory, outPointer);
            if (timeout == Abi.NoWait)
                return SyscallError.Timeout;
            return SyscallResult.BlockedOn(k.Tasks.BeginProcessWait(caller, child, outPointer, k.Clock.DeadlineFor(timeout)));
        }
    }
}
