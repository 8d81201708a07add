using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// The assembly routines in cpu.asm and traps.asm, as C# sees them. Each compiles to a
    /// direct `call` with the SysV convention and no transition frame.
    /// </summary>
    internal static unsafe class Native
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "outb")] public static extern void OutB(ushort port, byte value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "inb")] public static extern byte InB(ushort port);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "outw")] public static extern void OutW(ushort port, ushort value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "inw")] public static extern ushort InW(ushort port);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "outd")] public static extern void OutD(ushort port, uint value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "ind")] public static extern uint InD(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_cr0")] public static extern ulong ReadCr0();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_cr2")] public static extern ulong ReadCr2();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_cr3")] public static extern ulong ReadCr3();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_cr4")] public static extern ulong ReadCr4();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_rflags")] public static extern ulong ReadRflags();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_tsc")] public static extern ulong ReadTsc();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_halt_forever")] public static extern void HaltForever();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpu_pause")] public static extern void Pause();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "capture_registers")] public static extern void CaptureRegisters(TrapFrame* frame);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "tss_set_rsp0")] public static extern void SetKernelStack(ulong rsp0);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "write_cr0")] public static extern void WriteCr0(ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "write_cr3")] public static extern void WriteCr3(ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "write_cr4")] public static extern void WriteCr4(ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "invlpg_page")] public static extern void InvalidatePage(ulong virtualAddress);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "read_msr")] public static extern ulong ReadMsr(uint msr);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "write_msr")] public static extern void WriteMsr(uint msr, ulong value);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "cpuid_query")] public static extern void Cpuid(uint leaf, uint subleaf, uint* eaxEbxEcxEdx);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kernel_pml4_phys")] public static extern ulong KernelPml4Physical();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "resume_frame")] public static extern void ResumeFrame(TrapFrame* frame);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "idle_loop_address")] public static extern void* IdleLoopAddress();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "syscall_entry_address")] public static extern void* SyscallEntryAddress();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "percpu_area")] public static extern ulong* PerCpuArea();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "modules_start")] public static extern void** ModulesStart();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "modules_end")] public static extern void** ModulesEnd();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kernel_image_start")] public static extern byte* KernelImageStart();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "kernel_image_end")] public static extern byte* KernelImageEnd();
    }
}
