using System;
using System.Collections.Generic;
using Veridian.Kernel.Platform;
using Veridian.Syscalls;

namespace Veridian.Tests.Sim
{
    /// <summary>Frames numbered from a base address; double frees and foreign frees are test failures.</summary>
    public sealed class SimulatedFrameAllocator : FrameAllocator
    {
        public const ulong Base = 0x0010_0000;
        private readonly Stack<ulong> free = new Stack<ulong>();
        private readonly HashSet<ulong> allocated = new HashSet<ulong>();
        public readonly int Total;

        public SimulatedFrameAllocator(int frames)
        {
            Total = frames;
            for (int i = frames - 1; i >= 0; i--)
                free.Push(Base + (ulong)i * Abi.PageSize);
        }

        public override int FreeCount => free.Count;
        public override int TotalCount => Total;

        public override bool TryAllocate(out ulong physicalAddress)
        {
            if (free.Count == 0)
            {
                physicalAddress = 0;
                return false;
            }
            physicalAddress = free.Pop();
            allocated.Add(physicalAddress);
            return true;
        }

        public override void Free(ulong physicalAddress)
        {
            if (!allocated.Remove(physicalAddress))
                throw new InvalidOperationException($"free of frame {physicalAddress:x} that is not allocated");
            free.Push(physicalAddress);
        }
    }

    /// <summary>
    /// A page table as a dictionary plus a sorted key list (for <see cref="NextMapped"/>); can be
    /// told to fail maps (page-table memory exhausted) and to limit how many operations the
    /// kernel may do on it (a test of "cost follows resident pages, not range size").
    /// </summary>
    public sealed class SimulatedPageTable : PageTable
    {
        public readonly Dictionary<ulong, (ulong Physical, ProtectionFlags Protection)> Entries = new();
        private readonly List<ulong> present = new(); // sorted
        public bool FailMaps;
        public bool Destroyed;
        public long Operations;
        public long Budget = long.MaxValue;

        private void Count()
        {
            if (++Operations > Budget)
                throw new InvalidOperationException($"page-table work budget of {Budget} operations exceeded");
        }

        public override bool Map(ulong virtualAddress, ulong physicalAddress, ProtectionFlags protection)
        {
            if (Destroyed)
                throw new InvalidOperationException("map on a destroyed page table");
            if ((virtualAddress & (Abi.PageSize - 1)) != 0 || (physicalAddress & (Abi.PageSize - 1)) != 0)
                throw new InvalidOperationException("unaligned map");
            Count();
            if (FailMaps)
                return false;
            if (Entries.ContainsKey(virtualAddress))
                throw new InvalidOperationException($"page {virtualAddress:x} mapped twice");
            Entries[virtualAddress] = (physicalAddress, protection);
            present.Insert(~present.BinarySearch(virtualAddress), virtualAddress);
            return true;
        }

        public override ulong MappedPages => (ulong)Entries.Count;

        public override void Unmap(ulong virtualAddress)
        {
            Count();
            if (Entries.Remove(virtualAddress))
                present.RemoveAt(present.BinarySearch(virtualAddress));
        }

        public override void Protect(ulong virtualAddress, ProtectionFlags protection)
        {
            Count();
            var e = Entries[virtualAddress];
            Entries[virtualAddress] = (e.Physical, protection);
        }

        public override bool NextMapped(ulong from, ulong end, out ulong virtualAddress, out ulong physicalAddress)
        {
            Count();
            virtualAddress = 0;
            physicalAddress = 0;
            int i = present.BinarySearch(from);
            if (i < 0)
                i = ~i;
            if (i >= present.Count || present[i] >= end)
                return false;
            virtualAddress = present[i];
            physicalAddress = Entries[virtualAddress].Physical;
            return true;
        }

        public override bool Query(ulong virtualAddress, out ulong physicalAddress, out ProtectionFlags protection)
        {
            Count();
            if (Entries.TryGetValue(virtualAddress, out var e))
            {
                physicalAddress = e.Physical;
                protection = e.Protection;
                return true;
            }
            physicalAddress = 0;
            protection = ProtectionFlags.None;
            return false;
        }
    }

    /// <summary>The host machine: frames are byte arrays (made on first touch), the console is a byte list.</summary>
    public sealed class SimulatedPlatform : MachinePlatform
    {
        private readonly SimulatedFrameAllocator frames;
        private readonly Dictionary<ulong, byte[]> memory = new();
        public readonly List<SimulatedPageTable> PageTables = new();
        public readonly List<byte> Console = new();
        public bool FailPageTableMaps;
        /// <summary>The operation budget every page table made from now on starts with.</summary>
        public long PageTableBudget = long.MaxValue;

        public SimulatedPlatform(int frameCount = 4096)
        {
            frames = new SimulatedFrameAllocator(frameCount);
        }

        public override FrameAllocator Frames => frames;
        public SimulatedFrameAllocator SimFrames => frames;

        /// <summary>A kernel heap's size and use as the kernel sees them (0: no such heap, never short); tests set them to make growth find the heap full.</summary>
        public ulong SimHeapBytes, SimHeapBytesInUse;
        public override ulong HeapBytes => SimHeapBytes;
        public override ulong HeapBytesInUse => SimHeapBytesInUse;

        public override Span<byte> FrameBytes(ulong physicalAddress)
        {
            if (!memory.TryGetValue(physicalAddress, out byte[] bytes))
            {
                bytes = new byte[Abi.PageSize];
                memory[physicalAddress] = bytes;
            }
            return bytes;
        }

        public override PageTable CreatePageTable()
        {
            var t = new SimulatedPageTable { FailMaps = FailPageTableMaps, Budget = PageTableBudget };
            PageTables.Add(t);
            return t;
        }

        public override void DestroyPageTable(PageTable table)
        {
            var t = (SimulatedPageTable)table;
            if (t.Entries.Count != 0)
                throw new InvalidOperationException("page table destroyed with live entries");
            t.Destroyed = true;
            PageTables.Remove(t);
        }

        /// <summary>
        /// The fake architecture's saved ring-3 registers, by thread id (index and generation,
        /// so a reused slot starts without any): a test that "ran" a thread and let it leave
        /// ring 3 puts its registers here with <see cref="LeftRing3"/>. A thread without an entry
        /// has never run, and the kernel reports its start state.
        /// </summary>
        public readonly Dictionary<ulong, FaultContext> SavedRegisters = new();

        public void LeftRing3(Veridian.Kernel.Tasks.Thread thread, FaultContext registers) => SavedRegisters[thread.Id.Raw] = registers;

        public override bool SavedUserRegisters(Veridian.Kernel.Tasks.Thread thread, out FaultContext registers)
            => SavedRegisters.TryGetValue(thread.Id.Raw, out registers);

        /// <summary>Four frames, as x86_64's 16 KiB stacks.</summary>
        public const int StackFrames = 4;

        /// <summary>The frames of every kernel stack the kernel prepared and has not released, by thread slot.</summary>
        public readonly Dictionary<int, ulong[]> KernelStacks = new();

        public override int KernelStackFrames => StackFrames;

        /// <summary>Frames the kernel stacks of live threads hold now: what a test of "every frame is back" leaves aside for the threads still there.</summary>
        public int KernelStackFramesInUse => KernelStacks.Count * StackFrames;

        public override bool PrepareKernelStack(Veridian.Kernel.Tasks.Thread thread)
        {
            if (KernelStacks.ContainsKey(thread.Index))
                throw new InvalidOperationException($"kernel stack of slot {thread.Index} prepared twice");
            var stack = new ulong[StackFrames];
            for (int i = 0; i < stack.Length; i++)
            {
                if (!frames.TryAllocate(out stack[i]))
                {
                    for (int j = 0; j < i; j++)
                        frames.Free(stack[j]);
                    return false;
                }
            }
            KernelStacks[thread.Index] = stack;
            return true;
        }

        public override void ReleaseKernelStack(Veridian.Kernel.Tasks.Thread thread)
        {
            if (!KernelStacks.Remove(thread.Index, out ulong[] stack))
                throw new InvalidOperationException($"kernel stack of slot {thread.Index} released but not prepared");
            foreach (ulong f in stack)
                frames.Free(f);
        }

        /// <summary>What the kernel asked of the power hardware, in order ("off", "reset").</summary>
        public readonly List<string> PowerRequests = new();

        public override bool PowerOff()
        {
            PowerRequests.Add("off");
            return false;
        }

        public override bool Reset()
        {
            PowerRequests.Add("reset");
            return false;
        }

        public override void ConsoleWrite(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
                Console.Add(b);
        }

        public string ConsoleText => System.Text.Encoding.ASCII.GetString(Console.ToArray());
    }
}
