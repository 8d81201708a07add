using Veridian.Kernel.Console;
using Veridian.Syscalls;

namespace Veridian.Kernel.Tasks
{
    /// <summary>
    /// The architecture-neutral half of running user threads on one CPU: which thread runs
    /// next, what a timer tick does, and what a fault the architecture could not resolve does.
    /// The plugs save and restore registers around it (Plugs/x86_64/UserMode.cs); everything
    /// they decide with is a value returned from here.
    /// </summary>
    public sealed class ThreadRunner
    {
        /// <summary>Timer ticks a thread runs before the next ready thread gets the CPU.</summary>
        public const int QuantumTicks = 10;

        private readonly KernelServices kernel;
        private int ticksLeft = QuantumTicks;
        private Process init;
        private uint initGeneration;

        public ThreadRunner(KernelServices kernel)
        {
            this.kernel = kernel;
        }

        public KernelServices Kernel => kernel;

        /// <summary>The thread whose registers the CPU holds (null: the idle loop).</summary>
        public Thread Running;

        /// <summary>The thread to run now; null means idle until an interrupt makes one ready.</summary>
        public Thread Next()
        {
            Thread next = kernel.Scheduler.Current;
            if (next != Running)
                ticksLeft = QuantumTicks;
            return next;
        }

        /// <summary>The periodic timer: time moves to <paramref name="nowNanoseconds"/>, expired waits end, the quantum runs down.</summary>
        public void Tick(ulong nowNanoseconds)
        {
            ulong monotonic = kernel.Clock.Monotonic;
            if (nowNanoseconds > monotonic)
                kernel.AdvanceTime(nowNanoseconds - monotonic);
            if (--ticksLeft <= 0)
            {
                ticksLeft = QuantumTicks;
                if (Running != null && Running == kernel.Scheduler.Current)
                    kernel.Scheduler.Rotate();
            }
        }

        /// <summary>
        /// A page fault from user mode with the thread's registers in <paramref name="registers"/>
        /// (filled by the architecture layer): demand paging (Resume), the process's fault
        /// handler (Handler: <paramref name="registers"/> now also carries the code and the
        /// address, and <paramref name="handoff"/> says where the thread goes), or the process
        /// dies (Killed). A fault just below the initial stack is reported as a stack overflow.
        /// </summary>
        public FaultOutcome PageFault(Thread t, ulong address, ProtectionFlags access, ref FaultContext registers, out FaultHandoff handoff)
        {
            handoff = default;
            if (t.Process.Memory.HandleFault(address, access, out SyscallError e))
                return FaultOutcome.Resume;
            FaultCode code = e == SyscallError.OutOfMemory ? FaultCode.OutOfMemory : FaultCode.PageFault;
            ulong stackBottom = Abi.InitialStackTop - Abi.InitialStackSize;
            if (code == FaultCode.PageFault && address < stackBottom && address >= stackBottom - Abi.InitialStackSize)
                code = FaultCode.StackOverflow;
            registers.Code = code;
            registers.Address = address;
            return Fault(t, ref registers, out handoff);
        }

        /// <summary>
        /// A fault the process cannot resolve by paging (<paramref name="registers"/>: its code,
        /// address and the registers): to its handler if it has one and is not already in it,
        /// else the process is killed with the fault report.
        /// </summary>
        public FaultOutcome Fault(Thread t, ref FaultContext registers, out FaultHandoff handoff)
        {
            if (FaultDelivery.TryDeliver(t, ref registers, out handoff))
                return FaultOutcome.Handler;
            Fault(t, registers.Code, registers.Address, registers.Pc);
            return FaultOutcome.Killed;
        }

        /// <summary>A page fault without the registers (only the pc is known): true if the thread can resume at the same instruction.</summary>
        public bool PageFault(Thread t, ulong address, ProtectionFlags access, ulong pc)
        {
            var registers = new FaultContext { Pc = pc };
            return PageFault(t, address, access, ref registers, out _) == FaultOutcome.Resume;
        }

        /// <summary>A fault the process cannot survive (no handler consulted): report it on the console and end the process.</summary>
        public void Fault(Thread t, FaultCode code, ulong address, ulong pc)
        {
            Process p = t.Process;
            KernelConsole.Write("kernel: process ");
            KernelConsole.WriteHex(p.Id.Raw);
            KernelConsole.Write(" killed: ");
            KernelConsole.Write(Describe(code));
            KernelConsole.Write(" at ");
            KernelConsole.WriteHex(address);
            KernelConsole.Write(" (pc ");
            KernelConsole.WriteHex(pc);
            KernelConsole.WriteLine(")");
            kernel.Tasks.KillProcess(p, code, address);
        }

        public static string Describe(FaultCode code)
        {
            switch (code)
            {
                case FaultCode.PageFault: return "page fault";
                case FaultCode.IllegalInstruction: return "illegal instruction";
                case FaultCode.DivideError: return "divide error";
                case FaultCode.ProtectionFault: return "protection fault";
                case FaultCode.OutOfMemory: return "out of memory";
                case FaultCode.Breakpoint: return "breakpoint";
                case FaultCode.StackOverflow: return "stack overflow";
                default: return "fault";
            }
        }

        /// <summary>Watches <paramref name="p"/> as the system's first process.</summary>
        public void WatchInit(Process p)
        {
            init = p;
            initGeneration = p.Generation;
        }

        /// <summary>True once init has ended (then <paramref name="info"/> says how).</summary>
        public bool InitEnded(out ProcessExitInfo info)
        {
            info = default;
            if (init == null || (init.Generation == initGeneration && init.State != ProcessState.Free && init.State != ProcessState.Zombie))
                return false;
            info = init.ExitInfo;
            init = null;
            return true;
        }
    }
}
