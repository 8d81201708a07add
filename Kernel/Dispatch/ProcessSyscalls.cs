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

            // The image: checked before anything is allocated, built once the process exists.
            var elf = ImageBuilder.ElfSource.InUser(from, binary, binaryLength);
            Span<ElfSegment> segments = stackalloc ElfSegment[ElfParser.MaxSegments];
            e = ImageBuilder.Parse(k, elf, segments, out int segmentCount, out ulong entry);
            if (e != SyscallError.Success)
                return e;

            Process child = k.Tasks.AllocateProcess(parent, quotaPercent);
            if (child == null)
                return SyscallError.ResourceExhausted;
            e = k.Tasks.AllocateThread(child, out Thread main);
            if (e != SyscallError.Success)
            {
                k.Tasks.Discard(child);
                return e;
            }
            e = ImageBuilder.Load(k, elf, segments.Slice(0, segmentCount), entry, child, main);
            var layout = new ImageBuilder.StartLayout(argBytes, argCount, capCount);
            if (e == SyscallError.Success)
                e = WriteStartData(k, parent, child, args, grantSlots.Slice(0, (int)capCount), layout);
            if (e == SyscallError.Success)
                e = ImageBuilder.Start(child, main, layout);
            if (e != SyscallError.Success)
            {
                k.Tasks.Discard(child);
                return e;
            }
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

        /// <summary>The arg strings, the UserString array and the capability array, where <paramref name="layout"/> says.</summary>
        private static unsafe SyscallError WriteStartData(KernelServices k, Process parent, Process child, ulong args,
            Span<int> grantSlots, in ImageBuilder.StartLayout layout)
        {
            AddressSpace to = child.Memory;
            Span<byte> scratch = k.Scratch;
            ulong cursor = layout.Strings;
            for (ulong i = 0; i < layout.ArgCount; i++)
            {
                SyscallError e = UserMemory.Read(parent.Memory, args + i * (ulong)sizeof(UserString), out UserString s);
                if (e == SyscallError.Success)
                    e = UserMemory.CopyIn(parent.Memory, s.Pointer, scratch.Slice(0, (int)s.Length));
                if (e == SyscallError.Success)
                    e = UserMemory.CopyOut(to, cursor, scratch.Slice(0, (int)s.Length), true);
                if (e == SyscallError.Success)
                    e = ImageBuilder.Put(to, layout.ArgAddress(i), new UserString(cursor, s.Length));
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
                    e = ImageBuilder.Put(to, layout.CapabilityAddress((ulong)i), child.Capabilities.TokenOf(slot));
                if (e != SyscallError.Success)
                    return e;
            }
            return SyscallError.Success;
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
