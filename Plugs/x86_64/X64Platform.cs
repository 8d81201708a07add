using System;
using Veridian.Kernel.Console;
using Veridian.Kernel.Platform;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The managed services' view of this machine: physical frames from the bitmap allocator,
    /// frame contents through the direct map, real x86_64 page tables, the console.
    /// </summary>
    public sealed unsafe class X64Platform : MachinePlatform
    {
        private readonly FrameAllocator _frames;

        public X64Platform(FrameAllocator frames) { _frames = frames; }

        public override ulong NanosecondsSinceMachineStart
        {
            get
            {
                ulong hz = LocalApic.TscHz;
                if (hz == 0) return 0;
                ulong tsc = Native.ReadTsc();
                return tsc / hz * 1_000_000_000UL + tsc % hz * 1_000_000_000UL / hz;
            }
        }

        public override FrameAllocator Frames => _frames;

        public override Span<byte> FrameBytes(ulong physicalAddress) => new Span<byte>(AddressMap.Virtual(physicalAddress), 4096);

        // Without a frame for the root the table maps nothing: every Map fails and the
        // service reports OutOfMemory, which is what running out of frames should look like.
        public override PageTable CreatePageTable() => new X64PageTable(_frames);

        public override void DestroyPageTable(PageTable table)
        {
            if (table is X64PageTable x64)
            {
                // Never free the tables the CPU is walking: a process that exits is still the
                // active address space until the next switch.
                if (x64.IsActive) Native.WriteCr3(Native.KernelPml4Physical());
                x64.Destroy();
                Veridian.Kernel.Memory.Objects.Free(x64);
            }
        }

        // The TrapFrame at the top of the thread's kernel stack (UserMode). One CPU: the caller
        // runs, so the thread is not in ring 3. SMP: IPI its CPU and wait for it to stop first.
        public override bool SavedUserRegisters(Thread thread, out FaultContext registers)
            => UserMode.SavedUserRegisters(thread, out registers);

        public override int KernelStackFrames => KernelStacks.StackFrames;

        public override bool PrepareKernelStack(Thread thread) => KernelStacks.Map(thread.Index);

        // UserMode forgets the slot's cached top and saved frame first: the frames under them go.
        public override void ReleaseKernelStack(Thread thread)
        {
            UserMode.ForgetStack(thread.Index);
            KernelStacks.Release(thread.Index);
        }

        public override void ConsoleWrite(ReadOnlySpan<byte> bytes) => KernelConsole.WriteUtf8(bytes);

        public override ulong HeapBytes => RuntimeExports.Heap.Capacity;
        public override ulong HeapBytesInUse => RuntimeExports.Heap.BytesInUse;
        public override ulong KeptFrames => KernelStacks.Frames;

        public override bool PowerOff()
        {
            Acpi.PowerOff();
            return false;
        }

        public override bool Reset()
        {
            Acpi.Reset();
            return false;
        }
    }
}
