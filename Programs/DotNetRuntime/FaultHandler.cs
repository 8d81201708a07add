using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.DotNetRuntime.Exceptions;
using Veridian.Syscalls;
using Veridian.UserLib;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// Hardware faults as .NET exceptions. The process registers a ring-3 fault entry
    /// (SYS_EXCEPTION_HANDLER_SET); on a fault the kernel writes a FaultContext below the
    /// faulting stack pointer and calls the entry with it. A null dereference (page fault
    /// below 64 KiB) or a divide error in managed code (a division by zero, or an overflow such
    /// as int.MinValue / -1: ArchFault.IsDivideOverflow tells which) is turned into a throw: the
    /// context is edited so that the thread resumes (SYS_EXCEPTION_RETURN) in RhpThrowHwEx with the
    /// exception code and the faulting IP, every other register as at the fault — exactly as if
    /// the faulting instruction had called it, which is what CoreLib's RhThrowHwEx expects.
    /// Any other fault is not ours: the handler is removed and the thread resumed unchanged,
    /// so it faults again and the kernel kills the process with its normal fault report.
    /// (Not in Exceptions/: the host harness compiles that folder for Linux, where none of this exists.)
    /// </summary>
    internal static unsafe class FaultHandler
    {
        const ulong NullArea = 0x10000;                     // what NativeAOT treats as a null dereference
        const ulong StatusNullReference = 0x00000000;       // EH.HwExceptionCode.STATUS_NATIVEAOT_NULL_REFERENCE
        const ulong StatusDivideByZero = 0xC0000094;        // EH.HwExceptionCode.STATUS_INTEGER_DIVIDE_BY_ZERO
        const ulong StatusOverflow = 0xC0000095;            // EH.HwExceptionCode.STATUS_INTEGER_OVERFLOW
        const ulong StatusHelperNullReference = 0x42;       // EH.HwExceptionCode.STATUS_NATIVEAOT_UNMANAGED_HELPER_NULL_REFERENCE

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_fault_entry_address")]
        static extern ulong EntryAddress();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_throw_hw_address")]
        static extern ulong ThrowHwExAddress();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_trap")]
        static extern void Trap();

        /// <summary>Registers the fault entry; called once at start-up, before Main.</summary>
        public static void Install() => Sys.ExceptionHandlerSet(EntryAddress(), 0);

        /// <summary>
        /// Fatal.Die (the exception machinery itself is broken): no handler any more, then ud2,
        /// so the kernel kills the process with a fault report naming the instruction.
        /// </summary>
        [RuntimeExport("veridian_eh_die")]
        static void Die()
        {
            Sys.ExceptionHandlerSet(0, 0);
            Trap();
        }

        /// <summary>
        /// The fault is in code without unwind data whose stack top is a return address into
        /// managed code: a frameless assembly helper (the write barriers). Anything that pushed
        /// first fails the test and stays fatal.
        /// </summary>
        static bool IsFramelessHelperCalledFromManaged(FaultContext* c)
        {
            if (MethodLookup.IsManaged(c->Pc) || !ArchFault.TryHelperReturnAddress(c, out ulong returnAddress))
                return false;
            return MethodLookup.IsManaged(returnAddress - 1);
        }

        [RuntimeExport("veridian_on_fault")]
        static void OnFault(FaultContext* c)
        {
            ulong status;
            bool nullArea = c->Code == FaultCode.PageFault && c->Address < NullArea;
            if (nullArea && MethodLookup.IsManaged(c->Pc))
                status = StatusNullReference;
            else if (nullArea && IsFramelessHelperCalledFromManaged(c))
            {
                // A write barrier (RhpAssignRef: one store, no frame) given a null object: the
                // exception belongs to its managed caller, at the call (the return address,
                // CoreLib's "unmanaged helper" code treats the IP as one).
                ArchFault.ReturnFromHelper(c);
                status = StatusHelperNullReference;
            }
            else if (c->Code == FaultCode.DivideError && MethodLookup.IsManaged(c->Pc))
            {
                // One fault for two exceptions: int.MinValue / -1 (and % -1, long too) is an
                // OverflowException, a zero divisor a DivideByZeroException. The architecture
                // tells them apart by the instruction's divisor.
                status = ArchFault.IsDivideOverflow(c) ? StatusOverflow : StatusDivideByZero;
            }
            else
            {
                Sys.ExceptionHandlerSet(0, 0);
                Sys.ExceptionReturn(*c);
                return;                                     // not reached
            }
            ArchFault.Redirect(c, ThrowHwExAddress(), status, c->Pc);
            Sys.ExceptionReturn(*c);
        }
    }
}
