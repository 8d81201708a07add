using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// Hardware faults as .NET exceptions. The process registers a ring-3 fault entry
    /// (SYS_EXCEPTION_HANDLER_SET); on a fault the kernel writes a FaultContext below the
    /// faulting stack pointer and calls the entry with it. A null dereference (page fault
    /// below 64 KiB) or a division by zero in managed code is turned into a throw: the context
    /// is edited so that the thread resumes (SYS_EXCEPTION_RETURN) in RhpThrowHwEx with the
    /// exception code and the faulting IP, every other register as at the fault — exactly as if
    /// the faulting instruction had called it, which is what CoreLib's RhThrowHwEx expects.
    /// Any other fault is not ours: the handler is removed and the thread resumed unchanged,
    /// so it faults again and the kernel kills the process with its normal fault report.
    /// </summary>
    internal static unsafe class FaultHandler
    {
        const ulong SysExceptionHandlerSet = 104, SysExceptionReturn = 105;
        const uint PageFault = 1, DivideError = 3;          // Syscalls/FaultCode.cs
        const ulong NullArea = 0x10000;                     // what NativeAOT treats as a null dereference
        const ulong StatusNullReference = 0x00000000;       // EH.HwExceptionCode.STATUS_NATIVEAOT_NULL_REFERENCE
        const ulong StatusDivideByZero = 0xC0000094;        // EH.HwExceptionCode.STATUS_INTEGER_DIVIDE_BY_ZERO

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_syscall2")]
        static extern ulong Syscall2(ulong number, ulong a0, ulong a1);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_fault_entry_address")]
        static extern ulong EntryAddress();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_throw_hw_address")]
        static extern ulong ThrowHwExAddress();

        /// <summary>Registers the fault entry; called once at start-up, before Main.</summary>
        public static void Install() => Syscall2(SysExceptionHandlerSet, EntryAddress(), 0);

        [RuntimeExport("veridian_eh_on_fault")]
        static void OnFault(FaultContext* c)
        {
            ulong status;
            if (c->Code == PageFault && c->Address < NullArea && MethodLookup.IsManaged(c->Rip))
                status = StatusNullReference;
            else if (c->Code == DivideError && MethodLookup.IsManaged(c->Rip))
                status = StatusDivideByZero;
            else
            {
                Syscall2(SysExceptionHandlerSet, 0, 0);
                Syscall2(SysExceptionReturn, (ulong)c, 0);
                return;                                     // not reached
            }
            c->Rdi = status;
            c->Rsi = c->Rip;
            c->Rip = ThrowHwExAddress();
            Syscall2(SysExceptionReturn, (ulong)c, 0);
        }
    }

    // Written by the kernel, never by C#: the compiler cannot see the assignments.
#pragma warning disable CS0649
    /// <summary>The kernel's FaultContext (Syscalls/FaultContext.cs, docs/abi.md): 168 bytes.</summary>
    internal struct FaultContext
    {
        public uint Code;
        public uint Reserved;
        public ulong Address;
        public ulong ErrorCode;
        public ulong Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, Rsp;
        public ulong R8, R9, R10, R11, R12, R13, R14, R15;
        public ulong Rip, Rflags;
    }
#pragma warning restore CS0649
}
