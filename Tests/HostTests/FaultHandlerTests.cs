using Veridian.Kernel.Dispatch;
using Veridian.Kernel.Tasks;
using Veridian.Syscalls;
using Veridian.Tests.Sim;
using Xunit;

namespace Veridian.Tests
{
    /// <summary>
    /// SYS_EXCEPTION_HANDLER_SET / SYS_EXCEPTION_RETURN and the arch-neutral delivery of ring-3
    /// faults (ThreadRunner.Fault / PageFault with registers): where the FaultContext goes, what
    /// it holds, nested faults, bad stacks, refused contexts.
    /// </summary>
    public sealed class FaultHandlerTests
    {
        private const ulong Pc = 0x40_1234;
        private readonly TestKernel tk = new TestKernel();
        private readonly Process child;
        private readonly Thread main;
        private readonly ThreadRunner runner;
        private readonly ulong entry;
        private readonly ulong stack;       // 16 KiB, writable
        private const ulong StackSize = 16384;

        public FaultHandlerTests()
        {
            (child, main) = tk.Spawn(tk.InitThread);
            runner = new ThreadRunner(tk.K) { Running = main };
            entry = tk.MapAnon(main, 4096, ProtectionFlags.Read | ProtectionFlags.Exec);
            stack = tk.MapAnon(main, StackSize);
        }

        private FaultContext Registers(ulong rsp) => new FaultContext
        {
            Code = FaultCode.DivideError, Address = Pc, Pc = Pc, Sp = rsp, ErrorCode = 0x42,
            Registers = new RegisterFile
            {
                Rax = 1, Rbx = 2, Rcx = 3, Rdx = 4, Rsi = 5, Rdi = 6, Rbp = 7, Rflags = 0x246,
                R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15,
            },
        };

        private void SetHandler(ulong stackTop = 0) => tk.Ok(main, SyscallFrames.ExceptionHandlerSet(entry, stackTop));

        private ProcessExitInfo WaitExit()
        {
            ulong outp = tk.Reserve(tk.Init, 64);
            tk.Ok(tk.InitThread, SyscallFrames.WaitProcess(child.Id, 0, new UserOutPtr<ProcessExitInfo>(outp)));
            return tk.PeekStruct<ProcessExitInfo>(tk.Init, outp);
        }

        private SyscallFrame Return(ulong context) => SyscallFrames.ExceptionReturn(new UserPtr<FaultContext>(context));

        [Fact]
        public unsafe void FaultContext_layout_is_pinned()
        {
            Assert.Equal(168, sizeof(FaultContext));
            var c = new FaultContext();
            byte* b = (byte*)&c;
            Assert.Equal(0, (byte*)&c.Code - b);
            Assert.Equal(8, (byte*)&c.Address - b);
            Assert.Equal(16, (byte*)&c.ErrorCode - b);
            Assert.Equal(24, (byte*)&c.Pc - b);
            Assert.Equal(32, (byte*)&c.Sp - b);
            Assert.Equal(40, (byte*)&c.Registers - b);
            // x86_64's register file (Syscalls/x86_64/RegisterFile.cs), offsets in the context.
            Assert.Equal(128, sizeof(RegisterFile));
            Assert.Equal(40, (byte*)&c.Registers.Rax - b);
            Assert.Equal(80, (byte*)&c.Registers.Rdi - b);
            Assert.Equal(88, (byte*)&c.Registers.Rbp - b);
            Assert.Equal(96, (byte*)&c.Registers.R8 - b);
            Assert.Equal(152, (byte*)&c.Registers.R15 - b);
            Assert.Equal(160, (byte*)&c.Registers.Rflags - b);
        }

        [Fact]
        public void Without_a_handler_a_fault_kills_as_before()
        {
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Killed, runner.Fault(main, ref r, out _));
            ProcessExitInfo info = WaitExit();
            Assert.Equal(ExitReason.Faulted, info.Reason);
            Assert.Equal(FaultCode.DivideError, info.FaultCode);
            Assert.Equal(Pc, info.FaultAddress);
        }

        [Fact]
        public void A_fault_goes_to_the_handler_with_the_context_below_the_red_zone()
        {
            SetHandler();
            ulong rsp = stack + StackSize - 40;                         // any alignment
            FaultContext r = Registers(rsp);
            Assert.Equal(FaultOutcome.Handler, runner.Fault(main, ref r, out FaultHandoff h));
            Assert.Equal(entry, h.Entry);
            Assert.Equal(8UL, h.StackPointer % 16);                     // as after a call
            Assert.Equal(h.StackPointer + 8, h.Argument);               // the context just above the return address
            Assert.Equal(0UL, h.Argument % 16);
            Assert.True(h.Argument + 168 <= rsp - FaultDelivery.RedZone);
            Assert.True(h.Argument + 168 + 16 > rsp - FaultDelivery.RedZone);   // and no lower than it needs
            Assert.Equal(0UL, tk.PeekStruct<ulong>(child, h.StackPointer));
            FaultContext written = tk.PeekStruct<FaultContext>(child, h.Argument);
            Assert.Equal(r, written);
            Assert.Equal(15UL, written.Registers.R15);
            Assert.Equal(0x42UL, written.ErrorCode);
            Assert.True(main.InFaultHandler);
            Assert.Equal(ProcessState.Running, child.State);
        }

        [Fact]
        public void An_unresolvable_page_fault_reaches_the_handler_with_its_address()
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Handler, runner.PageFault(main, 0x10, ProtectionFlags.Read, ref r, out FaultHandoff h));
            FaultContext written = tk.PeekStruct<FaultContext>(child, h.Argument);
            Assert.Equal(FaultCode.PageFault, written.Code);
            Assert.Equal(0x10UL, written.Address);
            Assert.Equal(Pc, written.Pc);
        }

        [Fact]
        public void A_demand_paged_fault_still_just_resumes()
        {
            SetHandler();
            ulong fresh = tk.MapAnon(main, 4096);
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Resume, runner.PageFault(main, fresh, ProtectionFlags.Write, ref r, out _));
            Assert.False(main.InFaultHandler);
        }

        [Fact]
        public void A_stack_overflow_goes_to_the_handler_stack()
        {
            SetHandler(stack + StackSize);
            ulong belowStack = Abi.InitialStackTop - Abi.InitialStackSize - 8;
            FaultContext r = Registers(belowStack);
            Assert.Equal(FaultOutcome.Handler, runner.PageFault(main, belowStack, ProtectionFlags.Write, ref r, out FaultHandoff h));
            Assert.InRange(h.Argument, stack, stack + StackSize - 168);
            Assert.Equal(stack + StackSize - 176, h.Argument);          // top - 168 rounded down to 16 (no red zone there)
            Assert.Equal(FaultCode.StackOverflow, tk.PeekStruct<FaultContext>(child, h.Argument).Code);
        }

        [Fact]
        public void A_stack_overflow_without_a_handler_stack_kills_the_process()
        {
            SetHandler();
            ulong belowStack = Abi.InitialStackTop - Abi.InitialStackSize - 8;
            FaultContext r = Registers(belowStack);
            Assert.Equal(FaultOutcome.Killed, runner.PageFault(main, belowStack, ProtectionFlags.Write, ref r, out _));
            Assert.Equal(FaultCode.StackOverflow, WaitExit().FaultCode);
        }

        [Theory]
        [InlineData(0UL)]                               // below the red zone's size
        [InlineData(0x0000_5000_0000_0000UL)]           // unmapped
        [InlineData(0x0000_8000_0000_0100UL)]           // non-canonical
        public void A_stack_that_cannot_take_the_context_kills_with_the_original_fault(ulong rsp)
        {
            SetHandler();
            FaultContext r = Registers(rsp);
            Assert.Equal(FaultOutcome.Killed, runner.Fault(main, ref r, out _));
            ProcessExitInfo info = WaitExit();
            Assert.Equal(FaultCode.DivideError, info.FaultCode);
            Assert.Equal(Pc, info.FaultAddress);
        }

        [Fact]
        public void An_unmapped_handler_stack_kills()
        {
            SetHandler(0x0000_5000_0000_0000);
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Killed, runner.Fault(main, ref r, out _));
            Assert.Equal(FaultCode.DivideError, WaitExit().FaultCode);
        }

        [Fact]
        public void A_fault_inside_the_handler_kills_with_that_fault()
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Handler, runner.Fault(main, ref r, out _));
            FaultContext again = Registers(stack + StackSize - 1024);
            Assert.Equal(FaultOutcome.Killed, runner.PageFault(main, 0x2000, ProtectionFlags.Read, ref again, out _));
            ProcessExitInfo info = WaitExit();
            Assert.Equal(ExitReason.Faulted, info.Reason);
            Assert.Equal(FaultCode.PageFault, info.FaultCode);
            Assert.Equal(0x2000UL, info.FaultAddress);
        }

        [Fact]
        public void Exception_return_resumes_with_the_edited_context_and_ends_the_handler()
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Handler, runner.Fault(main, ref r, out FaultHandoff h));
            FaultContext edited = tk.PeekStruct<FaultContext>(child, h.Argument);
            edited.Pc = entry + 0x40;
            edited.Sp = stack + 0x800;
            edited.Registers.Rdi = 0xABCD;
            ulong at = tk.Reserve(child, 256);
            Assert.Equal(SyscallError.Success, Veridian.Kernel.Memory.UserMemory.Write(child.Memory, at, edited));
            tk.Ok(main, Return(at));
            Assert.True(main.ResumePending);
            Assert.False(main.InFaultHandler);
            Assert.Equal(edited, main.ResumeContext);
            // The next fault is a new one, not a nested one.
            FaultContext next = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Handler, runner.Fault(main, ref next, out _));
        }

        [Fact]
        public void Exception_return_outside_a_handler_is_invalid_parameter()
        {
            SetHandler();
            ulong at = tk.Reserve(child, 256);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(main, Return(at)));
            Assert.False(main.ResumePending);
        }

        [Theory]
        [InlineData(0UL)]
        [InlineData(0x0000_5000_0000_0000UL)]
        [InlineData(0xFFFF_FFFF_8010_0000UL)]
        public void Exception_return_from_a_bad_pointer_is_invalid_address_and_stays_in_the_handler(ulong pointer)
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            runner.Fault(main, ref r, out _);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, Return(pointer)));
            Assert.True(main.InFaultHandler);
            Assert.False(main.ResumePending);
        }

        [Theory]
        [InlineData(0xFFFF_FFFF_8010_0000UL, 0x1_0000UL)]       // kernel rip
        [InlineData(0x0000_8000_0000_0000UL, 0x1_0000UL)]       // non-canonical rip
        [InlineData(0x40_0000UL, 0xFFFF_8000_0000_0000UL)]      // kernel rsp
        public void A_context_with_a_bad_rip_or_rsp_is_refused(ulong rip, ulong rsp)
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            runner.Fault(main, ref r, out FaultHandoff h);
            FaultContext bad = tk.PeekStruct<FaultContext>(child, h.Argument);
            bad.Pc = rip;
            bad.Sp = rsp;
            ulong at = tk.Reserve(child, 256);
            Veridian.Kernel.Memory.UserMemory.Write(child.Memory, at, bad);
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, Return(at)));
            Assert.True(main.InFaultHandler);                           // still handling: it may try again
            Assert.False(main.ResumePending);
        }

        [Fact]
        public void Handler_set_checks_its_arguments()
        {
            ulong data = tk.MapAnon(main, 4096);
            Assert.Equal(SyscallError.InvalidParameter, tk.Err(main, SyscallFrames.ExceptionHandlerSet(0, stack)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, SyscallFrames.ExceptionHandlerSet(0xFFFF_FFFF_8010_0000, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, SyscallFrames.ExceptionHandlerSet(0x0000_5000_0000_0000, 0)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, SyscallFrames.ExceptionHandlerSet(data, 0)));   // not executable
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, SyscallFrames.ExceptionHandlerSet(entry, 0xFFFF_8000_0000_0000)));
            Assert.Equal(SyscallError.InvalidAddress, tk.Err(main, SyscallFrames.ExceptionHandlerSet(entry, 0x100)));
            Assert.Equal(0UL, child.FaultHandlerEntry);                 // nothing refused took effect
        }

        [Fact]
        public void Clearing_the_handler_brings_back_the_kill()
        {
            SetHandler(stack + StackSize);
            Assert.Equal(entry, child.FaultHandlerEntry);
            Assert.Equal(stack + StackSize, child.FaultHandlerStack);
            tk.Ok(main, SyscallFrames.ExceptionHandlerSet(0, 0));
            Assert.Equal(0UL, child.FaultHandlerEntry);
            Assert.Equal(0UL, child.FaultHandlerStack);
            FaultContext r = Registers(stack + StackSize);
            Assert.Equal(FaultOutcome.Killed, runner.Fault(main, ref r, out _));
        }

        [Fact]
        public void A_new_process_and_a_reused_thread_start_without_handler_state()
        {
            SetHandler();
            FaultContext r = Registers(stack + StackSize);
            runner.Fault(main, ref r, out _);                           // main is now in its handler
            tk.Ok(tk.InitThread, SyscallFrames.KillProcess(child.Id));
            WaitExit();
            var (again, againMain) = tk.Spawn(tk.InitThread);
            Assert.Same(child, again);                                  // the freed slots come back first
            Assert.Same(main, againMain);
            Assert.Equal(0UL, again.FaultHandlerEntry);
            Assert.False(againMain.InFaultHandler);
            Assert.False(againMain.ResumePending);
        }
    }
}
