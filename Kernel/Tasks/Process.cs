using Veridian.Kernel.Caps;
using Veridian.Kernel.Memory;
using Veridian.Kernel.ObjectModel;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// A process: a slot in the process table with its capability space and address space,
    /// both allocated once at boot and reset on reuse.
    /// </summary>
    public sealed class Process : TableEntry
    {
        public ProcessState State;
        public Process Parent;
        public readonly CapabilitySpace Capabilities;
        public readonly AddressSpace Memory;
        /// <summary>Threads not yet exited: the last one to exit ends the process.</summary>
        public int LiveThreads;
        /// <summary>Thread slots held (exited-but-unjoined included): the length of the <see cref="FirstThread"/> list. Their number is bounded by the Threads quota, not by a constant.</summary>
        public int ThreadSlots;
        /// <summary>Every thread slot it holds, linked through <see cref="Thread.NextInProcess"/>, so its end is O(its threads).</summary>
        public Thread FirstThread;
        /// <summary>What this process (and its descendants) may use of every kind of object and frames.</summary>
        public readonly Quota Quota = new Quota();
        public Thread MainThread;
        public ProcessExitInfo ExitInfo;
        /// <summary>The parent's SYS_PROCESS_WAIT on this process, if one is waiting.</summary>
        public ProcessWait Waiter;
        /// <summary>The first 16 bytes of its args[0], little-endian, NUL-padded: its name in `ps`.</summary>
        public ulong Name0, Name1;

        /// <summary>SYS_EXCEPTION_HANDLER_SET: where faults go in ring 3 (0: nowhere, they kill), and the stack for them (0: the faulting thread's).</summary>
        public ulong FaultHandlerEntry;
        public ulong FaultHandlerStack;

        public Process(CapabilitySpace capabilities, AddressSpace memory)
        {
            Capabilities = capabilities;
            Memory = memory;
            memory.Quota = Quota;
        }

        public ProcessId Id => ProcessId.Make((uint)Index, Generation);

        public int CapabilitySpaceIndex => Capabilities.SpaceIndex;

        public void SetName(System.ReadOnlySpan<byte> name)
        {
            Name0 = 0;
            Name1 = 0;
            for (int i = 0; i < name.Length && i < 16; i++)
            {
                if (i < 8) Name0 |= (ulong)name[i] << (8 * i);
                else Name1 |= (ulong)name[i] << (8 * (i - 8));
            }
        }
    }
}
