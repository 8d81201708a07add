using System.Runtime;
using System.Runtime.CompilerServices;
using Veridian.Syscalls;
using Veridian.UserLib;
using Veridian.UserRuntime;
using static Veridian.Tests.Kernel.KernelTest;

namespace Veridian.Tests.Kernel
{
    /// <summary>
    /// Ring-3 fault handlers (SYS_EXCEPTION_HANDLER_SET / SYS_EXCEPTION_RETURN), the way a
    /// managed runtime uses them: the handler records the FaultContext, edits rip (and rdi) to
    /// continue at a recovery point and returns through the kernel. Covered: divide error, null
    /// read, ud2, int3, a second thread's fault, stack overflow caught on a handler stack, an
    /// in-place resume that must restore every register (rcx and r11 too) and xmm0, refused
    /// contexts, and the argument errors. The other cases of this image must die: a fault in
    /// the handler (test-exceptions-nested), a cleared handler (-cleared), a handler stack that
    /// cannot take the context (-bad-stack).
    /// </summary>
    public static unsafe class ExceptionTests
    {
        private const ulong NestedFaultAddress = 0x2000;
        private const ulong Recovered = 0x1000;     // exc_try's result: Recovered + fault code
        private const int ModeRecover = 0, ModeInPlace = 1;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_try")] private static extern ulong Try(ulong function);
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_recover_address")] private static extern ulong RecoverAddress();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_divide")] private static extern void ExcDivide();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_null_read")] private static extern void ExcNullRead();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_ud2")] private static extern void ExcUd2();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_int3")] private static extern void ExcInt3();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_divide_in_place")] private static extern ulong ExcDivideInPlace();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_divide_site_address")] private static extern ulong DivideSite();
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "exc_clobber_xmm0")] private static extern void ClobberXmm0();

        // What the handler saw last.
        private static int s_mode;
        private static int s_handled;
        private static FaultCode s_code;
        private static ulong s_address, s_rip, s_rsp, s_error, s_context, s_returnAddress;
        private static SyscallError s_badReturn;
        private static FaultContext s_copy;
        private static ulong s_sink;

        private static ulong HandlerEntry => (ulong)(delegate*<FaultContext*, void>)&Handler;

        public static int Main(string[] args)
        {
            Begin(args);
            string c = Name;
            if (c == "test-exceptions") return Catching();
            Console.Write(c);
            Console.WriteLine(": expecting to be killed");
            if (c == "test-exceptions-nested")
                Sys.ExceptionHandlerSet(HandlerEntry, 0);
            else if (c == "test-exceptions-cleared")
            {
                Sys.ExceptionHandlerSet(HandlerEntry, 0);
                Sys.ExceptionHandlerSet(0, 0);
            }
            else if (c == "test-exceptions-bad-stack")
                Sys.ExceptionHandlerSet(HandlerEntry, 0x0000_5000_0000_0000);   // nothing mapped there
            else
            {
                Note("unknown case");
                return 2;
            }
            ExcDivide();
            Note("still alive after the divide error");
            return 1;
        }

        // Runs on the faulting thread (or the handler stack) with rdi = the context, rsp % 16 == 8.
        private static void Handler(FaultContext* context)
        {
            s_handled++;
            s_code = context->Code;
            s_address = context->Address;
            s_rip = context->Pc;
            s_rsp = context->Sp;
            s_error = context->ErrorCode;
            s_context = (ulong)context;
            s_returnAddress = *(ulong*)((ulong)context - 8);
            if (Name == "test-exceptions-nested")
                s_sink = *(ulong*)NestedFaultAddress;   // a fault in the handler: the process dies
            if (s_mode == ModeInPlace)
            {
                s_copy = *context;
                ClobberXmm0();                          // the handler's own SSE use must not reach the resumed code
                context->Pc += 2;                      // past the 2-byte div
                context->Registers.Rax = 77;
                context->Registers.Rflags |= 0x100 | 0x3000;      // TF and IOPL 3: the kernel must drop both
            }
            else
            {
                FaultContext bad = *context;
                bad.Pc = 0xFFFF_FFFF_8010_0000;
                s_badReturn = Sys.ExceptionReturn(bad).Error;   // refused; still in the handler
                context->Pc = RecoverAddress();
                context->Registers.Rdi = Recovered + (ulong)context->Code;
            }
            Sys.ExceptionReturn(*context);
            Sys.Exit(9);                                // not reached: the return resumes the thread
        }

        private static void Divide() => ExcDivide();
        private static void NullRead() => ExcNullRead();
        private static void Ud2() => ExcUd2();
        private static void Int3() => ExcInt3();
        private static void Overflow() => s_sink = (ulong)Recurse(0);

        private static int Recurse(int depth)
        {
            byte* frame = stackalloc byte[512];
            frame[0] = (byte)depth;
            frame[511] = (byte)(depth >> 8);
            return Recurse(depth + 1) + frame[0] + frame[511];
        }

        private static ulong Caught(delegate*<void> f, FaultCode expected, string what)
        {
            int before = s_handled;
            ulong r = Try((ulong)f);
            Equal(Recovered + (ulong)expected, r, what);
            Equal((ulong)(before + 1), (ulong)s_handled, "handled once");
            Check(s_code == expected, "fault code in the context");
            return r;
        }

        private static int Catching()
        {
            Errors();
            Ok(Sys.ExceptionHandlerSet(HandlerEntry, 0), "set the handler");

            Caught(&Divide, FaultCode.DivideError, "divide by zero caught");
            Equal(s_rip, s_address, "a divide error's address is its rip");
            Check(s_badReturn == SyscallError.InvalidAddress, "a context with a kernel rip is refused");
            Equal(0, s_context & 15, "the context is 16-byte aligned");
            Equal(0, s_returnAddress, "a zero return address below the context");
            Check(s_context + (ulong)sizeof(FaultContext) <= s_rsp - 128, "the context is below the red zone");

            Caught(&NullRead, FaultCode.PageFault, "null read caught");
            Equal(0, s_address, "the page fault's address");
            Check((s_error & 4) != 0, "the page fault's error code says user mode");
            Caught(&Ud2, FaultCode.IllegalInstruction, "ud2 caught");
            Caught(&Int3, FaultCode.Breakpoint, "int3 caught");

            InPlace();
            OtherThread();
            StackOverflow();
            Ok(Sys.ExceptionHandlerSet(0, 0), "clear the handler");
            return End();
        }

        private static void Errors()
        {
            Fails(Sys.ExceptionReturn(default), SyscallError.InvalidParameter, "exception return outside a handler");
            Fails(Raw.Call1(SyscallNumber.ExceptionReturn, 0xFFFF_FFFF_8010_0000), SyscallError.InvalidAddress, "exception return from a kernel pointer");
            Fails(Raw.Call1(SyscallNumber.ExceptionReturn, 0x0000_5000_0000_0000), SyscallError.InvalidAddress, "exception return from an unmapped pointer");
            Fails(Sys.ExceptionHandlerSet(0, 0x10000), SyscallError.InvalidParameter, "no entry but a stack");
            Fails(Sys.ExceptionHandlerSet(0xFFFF_FFFF_8010_0000, 0), SyscallError.InvalidAddress, "entry in the kernel");
            ulong local = 0;
            ulong data = (ulong)&local;                 // the stack: writable, never executable
            Fails(Sys.ExceptionHandlerSet(data, 0), SyscallError.InvalidAddress, "entry in data (not executable)");
            Fails(Sys.ExceptionHandlerSet(HandlerEntry, 0xFFFF_8000_0000_0000), SyscallError.InvalidAddress, "handler stack in the kernel half");
            Fails(Sys.ExceptionHandlerSet(HandlerEntry, 0x100), SyscallError.InvalidAddress, "handler stack in the null guard");
        }

        // Resume right after the fault: every register the context holds comes back, flags sanitised.
        private static void InPlace()
        {
            s_mode = ModeInPlace;
            int before = s_handled;
            ulong r = ExcDivideInPlace();
            s_mode = ModeRecover;
            Equal(77, r, "resumed after the div with rax from the context and all other registers and xmm0 intact");
            Equal(DivideSite(), s_rip, "the context's rip is the faulting div");
            Equal((ulong)(before + 1), (ulong)s_handled, "one fault (TF was not let through)");
        }

        private static int FaultInThread(ulong unused)
        {
            return (int)Try((ulong)(delegate*<void>)&Divide);
        }

        private static void OtherThread()
        {
            SysResult t = Threads.Start(&FaultInThread, 0, 64 * 1024, out UserThread thread);
            if (!t.IsOk)
            {
                Ok(t, "start a faulting thread");
                return;
            }
            SysResult j = Threads.Join(ref thread, 10UL * 1_000_000_000);
            Equal(Recovered + (ulong)FaultCode.DivideError, Ok(j, "join the faulting thread"), "a second thread's fault caught too");
        }

        private static void StackOverflow()
        {
            const ulong size = 16 * 1024;
            SysResult m = Sys.Mmap(0, size, ProtectionFlags.Read | ProtectionFlags.Write, MapFlags.Private | MapFlags.Anonymous, default, 0);
            if (Ok(m, "map a handler stack") == 0) return;
            ulong top = m.Value + size;
            Ok(Sys.ExceptionHandlerSet(HandlerEntry, top), "set the handler with its own stack");
            Caught(&Overflow, FaultCode.StackOverflow, "stack overflow caught on the handler stack");
            Check(s_context >= m.Value && s_context < top, "the context is on the handler stack");
            Ok(Sys.ExceptionHandlerSet(HandlerEntry, 0), "back to the thread's own stack");
            Sys.Munmap(m.Value, size);
        }
    }
}
