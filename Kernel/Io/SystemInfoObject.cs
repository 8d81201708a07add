using System;
using Veridian.Kernel.Caps;
using Veridian.Kernel.ObjectModel;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Kernel.Io
{
    /// <summary>
    /// What `ps`, `mem` and `caps` show, and the object counts the ring-3 fuzzer compares, through
    /// a capability rather than a side door: SYS_READ with the table as the offset
    /// (<see cref="SystemInfoTable"/>) returns whole records. The capability is the authority to
    /// see other processes; the Capabilities table shows only the caller's own.
    /// </summary>
    public sealed class SystemInfoObject : KernelObject
    {
        public SystemInfoObject() : base(ObjectType.SystemInfo)
        {
        }

        /// <summary>
        /// Fills <paramref name="into"/> with as many whole records of <paramref name="table"/>
        /// as fit and returns the bytes used; InvalidParameter for an unknown table.
        /// </summary>
        public static unsafe SyscallError Read(KernelServices k, Process caller, ulong table, Span<byte> into, out int length)
        {
            length = 0;
            switch ((SystemInfoTable)table)
            {
                case SystemInfoTable.Memory:
                    Put(into, ref length, new MemoryInfo((ulong)k.Platform.Frames.TotalCount, (ulong)k.Platform.Frames.FreeCount,
                        k.Platform.HeapBytes, k.Platform.HeapBytesInUse, k.Clock.Monotonic));
                    return SyscallError.Success;
                case SystemInfoTable.Processes:
                    for (int i = 0; i < k.Tasks.Processes.Capacity; i++)
                    {
                        Process p = k.Tasks.Processes.At(i);
                        if (p.State == ProcessState.Free) continue;
                        var info = new ProcessInfo
                        {
                            Id = p.Id,
                            Parent = p.Parent != null ? p.Parent.Id : default,
                            State = (uint)p.State,
                            Threads = (uint)p.LiveThreads,
                            ResidentPages = p.Memory.ResidentPages,
                            Name0 = p.Name0,
                            Name1 = p.Name1,
                        };
                        if (!Put(into, ref length, info)) break;
                    }
                    return SyscallError.Success;
                case SystemInfoTable.Capabilities:
                    CapabilitySpace space = caller.Capabilities;
                    for (int slot = 0; slot < space.Capacity; slot++)
                    {
                        KernelObject obj = space.ObjectAt(slot);
                        if (obj == null) continue;
                        if (!Put(into, ref length, new CapabilityInfo(space.TokenOf(slot), obj.Type, space.RightsAt(slot)))) break;
                    }
                    return SyscallError.Success;
                case SystemInfoTable.Objects:
                    Put(into, ref length, Count(k));
                    return SyscallError.Success;
                default:
                    return SyscallError.InvalidParameter;
            }
        }

        private static ObjectCounts Count(KernelServices k)
        {
            ulong capabilities = 0;
            for (int s = 0; s <= k.Config.MaxProcesses; s++)
                capabilities += (ulong)k.Capabilities.Space(s).Count;
            return new ObjectCounts
            {
                Processes = (ulong)k.LiveProcessCount,
                Threads = (ulong)k.LiveThreadCount,
                Endpoints = (ulong)k.LiveEndpointCount,
                Channels = (ulong)k.LiveChannelCount,
                Replies = (ulong)k.LiveReplyCount,
                Messages = (ulong)(k.Config.MaxMessages - k.FreeMessageCount),
                MemoryObjects = (ulong)k.LiveMemoryObjectCount,
                Resources = (ulong)k.Tasks.Resources.LiveCount,
                Capabilities = capabilities,
                Timers = (ulong)k.Tasks.Timers.Count,
                FutexWaiters = (ulong)k.Tasks.Futexes.Count,
                ReadyThreads = (ulong)k.Scheduler.ReadyCount,
                KeptFrames = k.Platform.KeptFrames,
            };
        }

        private static unsafe bool Put<T>(Span<byte> into, ref int length, T record) where T : unmanaged
        {
            if (into.Length - length < sizeof(T)) return false;
            new ReadOnlySpan<byte>(&record, sizeof(T)).CopyTo(into.Slice(length));
            length += sizeof(T);
            return true;
        }
    }
}
