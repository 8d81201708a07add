using System;
using System.Runtime;
using Veridian.Kernel.Console;
using Veridian.Kernel.Diagnostics;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Where every trap lands (traps.asm calls veridian_trap), and the x86_64 half of panics:
    /// exception names, the register dump and a frame-pointer backtrace.
    /// </summary>
    internal static unsafe class Traps
    {
        private static readonly string[] s_names =
        {
            "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
            "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor segment overrun",
            "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
            "#PF page fault", "reserved", "#MF x87 error", "#AC alignment check", "#MC machine check",
            "#XM SIMD error", "#VE virtualization", "#CP control protection",
        };

        /// <summary>
        /// Every trap and interrupt. Returns the frame to resume: the same one, or another
        /// thread's when this one blocked, was preempted or died. A CPU exception from ring 3
        /// is the process's problem (demand paging, or it is killed); from ring 0 it is a
        /// kernel bug and panics.
        /// </summary>
        [RuntimeExport("veridian_trap")]
        private static TrapFrame* OnTrap(TrapFrame* frame)
        {
            if (frame->Vector >= 32)
            {
                if (frame->Vector != LocalApic.TimerVector)
                    return frame;       // the PICs are masked; a spurious or stray interrupt is ignored
                LocalApic.EndOfInterrupt();
                var kernel = UserMode.Runner.Kernel;
                SerialPort.Poll(SerialPort.Com1, kernel.Console.Input);
                Keyboard.Poll(kernel.Console.Input);
                kernel.ConsoleInputArrived();
                UserMode.Runner.Tick(LocalApic.NowNanoseconds());
                return UserMode.AfterInterrupt(frame);
            }
            if ((frame->Cs & 3) == 3)
                return OnUserFault(frame);
            string name = frame->Vector < (ulong)s_names.Length ? s_names[frame->Vector] : "reserved CPU exception";
            if (Panic.Begin("CPU exception"))
            {
                KernelConsole.Write("exception: ");
                KernelConsole.Write(name);
                KernelConsole.Write(" (vector ");
                KernelConsole.WriteDecimal(frame->Vector);
                KernelConsole.Write(") error code ");
                KernelConsole.WriteHex(frame->ErrorCode);
                if (frame->Vector == 14)
                {
                    KernelConsole.Write(" address ");
                    KernelConsole.WriteHex(Native.ReadCr2());
                }
                KernelConsole.WriteLine();
                DumpAndHalt(frame);
            }
            Native.HaltForever();
            return frame;
        }

        private const ulong PageFaultWrite = 1 << 1, PageFaultFetch = 1 << 4;

        private static TrapFrame* OnUserFault(TrapFrame* frame)
        {
            Thread thread = UserMode.Running;
            FaultContext registers = UserMode.ContextOf(frame);
            FaultOutcome outcome;
            FaultHandoff handoff;
            if (frame->Vector == 14)
            {
                ProtectionFlags access = (frame->ErrorCode & PageFaultWrite) != 0 ? ProtectionFlags.Write
                    : (frame->ErrorCode & PageFaultFetch) != 0 ? ProtectionFlags.Exec : ProtectionFlags.Read;
                outcome = UserMode.Runner.PageFault(thread, Native.ReadCr2(), access, ref registers, out handoff);
            }
            else
            {
                registers.Code = FaultOf(frame->Vector);
                registers.Address = frame->Rip;     // as in the fault report: no data address
                outcome = UserMode.Runner.Fault(thread, ref registers, out handoff);
            }
            if (outcome == FaultOutcome.Resume)
                return frame;
            if (outcome == FaultOutcome.Handler)
            {
                UserMode.EnterHandler(thread, frame, handoff);
                return frame;
            }
            return UserMode.AfterInterrupt(frame);
        }

        // What a CPU exception in ring 3 means to the process (ProcessExitInfo.FaultCode).
        private static FaultCode FaultOf(ulong vector)
        {
            switch (vector)
            {
                case 0: return FaultCode.DivideError;
                case 3: return FaultCode.Breakpoint;
                case 6: return FaultCode.IllegalInstruction;
                default: return FaultCode.ProtectionFault;   // #GP (privileged instructions, bad selectors), #AC, #SS, ...
            }
        }

        /// <summary>A panic raised by kernel code (not a CPU exception): the registers where it was raised.</summary>
        internal static void PanicHere(string reason, ulong exceptionType, string message)
        {
            TrapFrame frame;
            Native.CaptureRegisters(&frame);
            if (Panic.Begin(reason))
            {
                if (message != null) Panic.WriteException(exceptionType, message);
                DumpAndHalt(&frame);
            }
            Native.HaltForever();
        }

        private static void DumpAndHalt(TrapFrame* f)
        {
            KernelConsole.Write("rip: ");
            Panic.WriteAddress(f->Rip);
            KernelConsole.WriteLine();
            Row("rax", f->Rax, "rbx", f->Rbx, "rcx", f->Rcx, "rdx", f->Rdx);
            Row("rsi", f->Rsi, "rdi", f->Rdi, "rbp", f->Rbp, "rsp", f->Rsp);
            Row("r8 ", f->R8, "r9 ", f->R9, "r10", f->R10, "r11", f->R11);
            Row("r12", f->R12, "r13", f->R13, "r14", f->R14, "r15", f->R15);
            Row("cr0", Native.ReadCr0(), "cr2", Native.ReadCr2(), "cr3", Native.ReadCr3(), "cr4", Native.ReadCr4());
            KernelConsole.Write("cs ");
            KernelConsole.WriteHex(f->Cs, 4);
            KernelConsole.Write(" ss ");
            KernelConsole.WriteHex(f->Ss, 4);
            KernelConsole.Write(" rflags ");
            KernelConsole.WriteHex(f->Rflags, 8);
            KernelConsole.WriteLine();
            Backtrace(f->Rbp);
            Panic.End();
            Native.HaltForever();
        }

        private static void Row(string n1, ulong v1, string n2, ulong v2, string n3, ulong v3, string n4, ulong v4)
        {
            Cell(n1, v1); Cell(n2, v2); Cell(n3, v3); Cell(n4, v4);
            KernelConsole.WriteLine();
        }

        private static void Cell(string name, ulong value)
        {
            KernelConsole.Write(name);
            KernelConsole.Write(' ');
            KernelConsole.WriteHex(value, 16);
            KernelConsole.Write("  ");
        }

        // Follows saved frame pointers while they look like kernel stack addresses.
        private static void Backtrace(ulong rbp)
        {
            KernelConsole.WriteLine("backtrace:");
            for (int depth = 0; depth < 16; depth++)
            {
                if (!AddressMap.IsKernelAddress(rbp) || (rbp & 7) != 0) break;
                ulong returnAddress = ((ulong*)rbp)[1];
                if (returnAddress < AddressMap.KernelVma) break;
                KernelConsole.Write("  ");
                Panic.WriteAddress(returnAddress);
                KernelConsole.WriteLine();
                ulong next = ((ulong*)rbp)[0];
                if (next <= rbp) break;
                rbp = next;
            }
        }
    }
}
