using System;
using System.Runtime;
using Veridian.Kernel;
using Veridian.Kernel.Console;
using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;

namespace Veridian.Plugs.X64
{
    /// <summary>
    /// Running threads in ring 3 on x86_64: the `syscall` MSRs, one kernel stack per thread
    /// (its saved registers sit at the top while it does not run), and the switch between
    /// threads. Kernel code never sleeps in the middle of a call (a blocked call is finished
    /// by whoever wakes it), so switching threads is choosing which saved frame
    /// <c>resume_frame</c> returns to, and loading that thread's CR3, RSP0 and FS base
    /// (<see cref="Thread.TlsBase"/>). Also the x86_64 half of ring-3 fault handlers: entering
    /// one (<see cref="EnterHandler"/>) and SYS_EXCEPTION_RETURN's full register reload.
    /// </summary>
    internal static unsafe class UserMode
    {
        private const uint MsrEfer = 0xC000_0080, MsrStar = 0xC000_0081, MsrLstar = 0xC000_0082, MsrSfmask = 0xC000_0084;
        private const uint MsrFsBase = 0xC000_0100, MsrGsBase = 0xC000_0101, MsrKernelGsBase = 0xC000_0102;
        private const ulong UserCode = 0x23, UserData = 0x1b, KernelCode = 0x08, KernelData = 0x10;
        private const ulong RflagsInterrupts = 1UL << 9, RflagsReserved = 1UL << 1;
        /// <summary>RFLAGS bits `syscall` clears: TF, IF, DF, IOPL, NT, AC.</summary>
        private const ulong SyscallMask = 0x100 | 0x200 | 0x400 | 0x3000 | 0x4000 | 0x40000;
        /// <summary>What syscall_entry stores as the frame's vector (traps.asm SYSCALL_VECTOR).</summary>
        public const ulong SyscallVector = 0x100;
        /// <summary>
        /// The "vector" of a syscall frame rewritten by SYS_EXCEPTION_RETURN: not SyscallVector,
        /// so resume_frame uses iretq (restoring rcx and r11, which sysretq would clobber) and
        /// SwitchTo does not put a return value in rax.
        /// </summary>
        public const ulong ContextVector = 0x101;
        /// <summary>
        /// RFLAGS bits a fault context may set: the arithmetic flags, DF and AC (which ring 3 can
        /// set with popf anyway). IF is forced on; TF, IOPL, NT, RF, VM and the rest are dropped.
        /// </summary>
        private const ulong ContextFlags = 0x0CD5 | 0x40000;
        /// <summary>RFLAGS bits a handler does not inherit from the faulting code: TF, DF (SysV wants it clear at a call), NT, RF, AC.</summary>
        private const ulong HandlerClearedFlags = 0x100 | 0x400 | 0x4000 | 0x10000 | 0x40000;

        private const int FxBytes = 512;

        private static ThreadRunner s_runner;
        private static ulong[] s_stacks;            // per thread slot: its kernel stack's top, looked up on first run (the kernel maps it at creation)
        private static uint[] s_stackGeneration;    // the thread generation the saved frame belongs to
        private static ulong s_loadedFsBase;        // what MSR FS_BASE holds now
        private static byte[] s_fxSaved;            // per thread slot: its SSE state at its last fault handed to a handler
        private static TrapFrame* s_idleFrame;
        private static ulong s_activeRoot;
        private static ulong* s_perCpu;

        /// <summary>Sets the syscall MSRs and per-CPU area. Call once, before <see cref="Run"/>.</summary>
        public static void Initialize(ThreadRunner runner)
        {
            s_runner = runner;
            int threads = runner.Kernel.Config.MaxThreads;
            s_stacks = new ulong[threads];
            s_stackGeneration = new uint[threads];
            s_fxSaved = new byte[threads * FxBytes];
            Native.WriteMsr(MsrFsBase, 0);
            s_loadedFsBase = 0;

            s_perCpu = Native.PerCpuArea();
            Native.WriteMsr(MsrGsBase, (ulong)s_perCpu);       // the kernel runs with GS = this CPU's area
            Native.WriteMsr(MsrKernelGsBase, 0);                 // what swapgs gives user mode
            Native.WriteMsr(MsrEfer, Native.ReadMsr(MsrEfer) | 1);   // SCE: syscall/sysret
            // STAR: sysret loads CS = 0x10+16 | 3 = 0x23 and SS = 0x10+8 | 3 = 0x1b; syscall CS 0x08, SS 0x10.
            Native.WriteMsr(MsrStar, (0x10UL << 48) | (KernelCode << 32));
            Native.WriteMsr(MsrLstar, (ulong)Native.SyscallEntryAddress());
            Native.WriteMsr(MsrSfmask, SyscallMask);

            ulong idleTop = KernelStacks.Top(threads);           // the slot after the last thread's
            s_idleFrame = FrameAtTop(idleTop);
            Clear(s_idleFrame);
            s_idleFrame->Rip = (ulong)Native.IdleLoopAddress();
            s_idleFrame->Cs = KernelCode;
            s_idleFrame->Ss = KernelData;
            s_idleFrame->Rsp = idleTop;
            s_idleFrame->Rflags = RflagsReserved | RflagsInterrupts;
        }

        /// <summary>
        /// The thread of <paramref name="slot"/> is freed and its kernel stack goes: the cached top
        /// and the saved frame's generation no longer stand for anything. (Before
        /// <see cref="Initialize"/>, nothing is cached yet.)
        /// </summary>
        public static void ForgetStack(int slot)
        {
            if (s_stacks == null || slot < 0 || slot >= s_stacks.Length) return;
            s_stacks[slot] = 0;
            s_stackGeneration[slot] = 0;
        }

        /// <summary>Starts running threads; never returns.</summary>
        public static void Run()
        {
            Native.ResumeFrame(SwitchTo(s_runner.Next()));
        }

        [RuntimeExport("veridian_syscall")]
        private static TrapFrame* OnSyscall(TrapFrame* f)
        {
            ThreadRunner runner = s_runner;
            Thread caller = runner.Running;
            SyscallFrame call = f->ToSyscallFrame();         // the registers SyscallConvention names
            SyscallOutcome outcome = SyscallDispatcher.Dispatch(runner.Kernel, caller, ref call);
            if (outcome == SyscallOutcome.Completed)
            {
                if (caller.ResumePending)
                    ResumeFromContext(caller, f);               // SYS_EXCEPTION_RETURN: every register, not rax
                else
                    f->SetSyscallResult(call.Return);
                if (runner.Kernel.Scheduler.Current == caller)
                {
                    LoadTls(caller);                            // SYS_THREAD_SET_TLS takes effect on return
                    return f;                                   // the common case: straight back
                }
            }
            return Reschedule();
        }

        /// <summary>
        /// A fault handed to the process's handler: the thread resumes in ring 3 at the
        /// handler with the kernel's stack pointer and argument, every other register as at the
        /// fault, and its SSE state kept aside so SYS_EXCEPTION_RETURN can put it back (the
        /// handler's own code may use xmm registers).
        /// </summary>
        public static void EnterHandler(Thread t, TrapFrame* f, FaultHandoff handoff)
        {
            new Span<byte>((byte*)f - FxBytes, FxBytes).CopyTo(s_fxSaved.AsSpan(t.Index * FxBytes, FxBytes));
            f->Rip = handoff.Entry;
            f->Rsp = handoff.StackPointer;
            f->Rdi = handoff.Argument;
            f->Rflags = (f->Rflags & ~HandlerClearedFlags) | RflagsReserved | RflagsInterrupts;
        }

        /// <summary>The registers of a ring-3 fault frame, as a <see cref="FaultContext"/> (code and address are the kernel's to fill).</summary>
        public static FaultContext ContextOf(TrapFrame* f)
        {
            FaultContext c = default;
            c.ErrorCode = f->ErrorCode;
            c.Pc = f->Rip;
            c.Sp = f->Rsp;
            ref RegisterFile r = ref c.Registers;
            r.Rax = f->Rax; r.Rbx = f->Rbx; r.Rcx = f->Rcx; r.Rdx = f->Rdx;
            r.Rsi = f->Rsi; r.Rdi = f->Rdi; r.Rbp = f->Rbp;
            r.R8 = f->R8; r.R9 = f->R9; r.R10 = f->R10; r.R11 = f->R11;
            r.R12 = f->R12; r.R13 = f->R13; r.R14 = f->R14; r.R15 = f->R15;
            r.Rflags = f->Rflags;
            return c;
        }

        /// <summary>
        /// The ring-3 registers <paramref name="t"/> saved when it last left ring 3: the
        /// TrapFrame at the top of its kernel stack (syscall_entry and every trap from ring 3
        /// build it there, and the kernel never sleeps mid-call, so while the thread does not run
        /// it holds its complete user state). False if the slot holds no frame of this thread
        /// yet (it has never run). Not for the running thread, whose frame is being used. For a
        /// thread blocked in (or woken from) a syscall the frame is the syscall's: rax the
        /// syscall number, rcx the return rip and r11 the rflags (what `syscall` put there).
        /// </summary>
        public static bool SavedUserRegisters(Thread t, out FaultContext c)
        {
            c = default;
            int slot = t.Index;
            if (s_stacks == null || slot < 0 || slot >= s_stacks.Length || s_stacks[slot] == 0
                || s_stackGeneration[slot] != t.Generation || t == s_runner.Running)
                return false;
            c = ContextOf(FrameAtTop(s_stacks[slot]));
            c.ErrorCode = 0;
            return true;
        }

        // SYS_EXCEPTION_RETURN accepted a context (pc and sp checked by the kernel): the
        // caller's saved frame becomes it, returned through iretq, with the SSE state of the fault.
        private static void ResumeFromContext(Thread t, TrapFrame* f)
        {
            t.ResumePending = false;
            FaultContext c = t.ResumeContext;
            RegisterFile r = c.Registers;
            f->Rax = r.Rax; f->Rbx = r.Rbx; f->Rcx = r.Rcx; f->Rdx = r.Rdx;
            f->Rsi = r.Rsi; f->Rdi = r.Rdi; f->Rbp = r.Rbp; f->Rsp = c.Sp;
            f->R8 = r.R8; f->R9 = r.R9; f->R10 = r.R10; f->R11 = r.R11;
            f->R12 = r.R12; f->R13 = r.R13; f->R14 = r.R14; f->R15 = r.R15;
            f->Rip = c.Pc;
            f->Rflags = (r.Rflags & ContextFlags) | RflagsReserved | RflagsInterrupts;
            f->Cs = UserCode;
            f->Ss = UserData;
            f->Vector = ContextVector;
            f->ErrorCode = 0;
            s_fxSaved.AsSpan(t.Index * FxBytes, FxBytes).CopyTo(new Span<byte>((byte*)f - FxBytes, FxBytes));
        }

        private static void LoadTls(Thread t)
        {
            if (t.TlsBase != s_loadedFsBase)
            {
                Native.WriteMsr(MsrFsBase, t.TlsBase);
                s_loadedFsBase = t.TlsBase;
            }
        }

        /// <summary>After a timer tick or a fault: the frame to resume (the interrupted one, or another thread's).</summary>
        public static TrapFrame* AfterInterrupt(TrapFrame* f)
        {
            if (s_runner.Running == null)
                s_idleFrame = f;                                // the idle loop was interrupted here
            Thread next = s_runner.Next();
            if (next == s_runner.Running && next != null)
                return f;
            return Reschedule();
        }

        public static Thread Running => s_runner.Running;
        public static ThreadRunner Runner => s_runner;

        private static TrapFrame* Reschedule()
        {
            if (s_runner.InitEnded(out ProcessExitInfo info))
                Veridian.Kernel.Boot.KernelMain.InitExited(info);
            return SwitchTo(s_runner.Next());
        }

        // Loads what the next thread needs and returns its saved frame.
        private static TrapFrame* SwitchTo(Thread next)
        {
            s_runner.Running = next;
            if (next == null)
                return s_idleFrame;

            int slot = next.Index;
            if (s_stacks[slot] == 0)
                s_stacks[slot] = KernelStacks.Top(slot);
            if (s_stacks[slot] == 0)
            {
                // Its stack is mapped at creation (KernelStacks.Map), so this finds it; should the
                // walk ever fail, the thread cannot run, and its process ends.
                s_runner.Kernel.Tasks.KillProcess(next.Process, FaultCode.OutOfMemory, 0);
                return SwitchTo(s_runner.Next());
            }
            TrapFrame* frame = FrameAtTop(s_stacks[slot]);
            if (s_stackGeneration[slot] != next.Generation)
            {
                // A thread that has never run: start it at its entry point in ring 3.
                s_stackGeneration[slot] = next.Generation;
                Clear(frame);
                frame->Rip = next.EntryPoint;
                frame->Rsp = next.StackPointer;
                frame->Rdi = next.Argument;
                frame->Cs = UserCode;
                frame->Ss = UserData;
                frame->Rflags = RflagsReserved | RflagsInterrupts;
            }
            else if (frame->Vector == SyscallVector)
            {
                frame->SetSyscallResult(next.ReturnValue);      // a blocked call finished by whoever woke it
            }

            ulong root = ((X64PageTable)next.Process.Memory.Table).Root;
            if (root != s_activeRoot || (Native.ReadCr3() & ~0xFFFUL) != root)
            {
                s_activeRoot = root;
                Native.WriteCr3(root);
            }
            ulong top = s_stacks[slot];
            s_perCpu[0] = top;                                  // syscall_entry's stack
            Native.SetKernelStack(top);                         // TSS.RSP0: interrupts from ring 3
            LoadTls(next);                                      // user mode cannot change FS base itself (no FSGSBASE)
            return frame;
        }

        private static TrapFrame* FrameAtTop(ulong stackTop)
        {
            return (TrapFrame*)(stackTop - (ulong)sizeof(TrapFrame));
        }

        // A zeroed frame and SSE area with the x87 and SSE control words at their reset values.
        private static void Clear(TrapFrame* frame)
        {
            byte* fx = (byte*)frame - FxBytes;
            new Span<byte>(fx, FxBytes + sizeof(TrapFrame)).Clear();
            *(ushort*)fx = 0x037F;                              // FCW: all x87 exceptions masked
            *(uint*)(fx + 24) = 0x1F80;                         // MXCSR: all SSE exceptions masked
        }
    }
}
