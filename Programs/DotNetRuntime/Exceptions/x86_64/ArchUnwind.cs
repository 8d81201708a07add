namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// What the unwinder needs to know about x86_64 (every architecture provides this class in
    /// Exceptions/&lt;arch&gt;/, docs/porting.md): the DWARF register numbers (0 rax, 1 rdx, 2 rcx,
    /// 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8..15 r8..r15, 16 the return address) and where each
    /// lives in a REGDISPLAY; how a throw site's PAL_LIMITED_CONTEXT becomes a frame; the
    /// callee-saved registers the funclet thunks (exceptions.asm) push; ILC's unboxing stubs.
    /// </summary>
    internal static unsafe class ArchUnwind
    {
        public const int DwarfRegisterCount = 17;
        public const int DwarfStackPointer = 7;
        public const int DwarfReturnAddress = 16;

        /// <summary>Words RhpCallCatchFunclet, RhpCallFinallyFunclet and RhpCallFilterFunclet (exceptions.asm) keep below the registers they push.</summary>
        public const int CatchThunkLocals = 7, FinallyThunkLocals = 3, FilterThunkLocals = 1;

        /// <summary>The frame pointer (rbp) of the frame <paramref name="regs"/> describes.</summary>
        public static ulong FramePointer(ref RegDisplay regs) => *regs.pRbp;

        /// <summary>The stack pointer of the throw site <paramref name="c"/> describes.</summary>
        public static ulong ContextSp(PalContext* c) => c->Rsp;

        /// <summary>The frame <paramref name="c"/> describes: its SP and IP, and its registers where the context holds them.</summary>
        public static void PointAtContext(ref RegDisplay regs, PalContext* c)
        {
            regs.SP = c->Rsp;
            regs.IP = c->IP;
            regs.pRbp = &c->Rbp;
            regs.pRbx = &c->Rbx;
            regs.pR12 = &c->R12;
            regs.pR13 = &c->R13;
            regs.pR14 = &c->R14;
            regs.pR15 = &c->R15;
            regs.pRax = &c->Rax;
            regs.pRdx = &c->Rdx;
        }

        /// <summary>Keeps the funclet's view of the callee-saved registers (FrameIterator.Funclet*).</summary>
        public static void SaveFuncletView(FrameIterator* it)
        {
            it->FuncletRbp = it->Regs.pRbp;
            it->FuncletRbx = it->Regs.pRbx;
            it->FuncletR12 = it->Regs.pR12;
            it->FuncletR13 = it->Regs.pR13;
            it->FuncletR14 = it->Regs.pR14;
            it->FuncletR15 = it->Regs.pR15;
        }

        /// <summary>The callee-saved registers of <paramref name="it"/> are the funclet view <paramref name="saved"/> kept.</summary>
        public static void RestoreFuncletView(FrameIterator* it, FrameIterator* saved)
        {
            it->Regs.pRbp = saved->FuncletRbp;
            it->Regs.pRbx = saved->FuncletRbx;
            it->Regs.pR12 = saved->FuncletR12;
            it->Regs.pR13 = saved->FuncletR13;
            it->Regs.pR14 = saved->FuncletR14;
            it->Regs.pR15 = saved->FuncletR15;
        }

        /// <summary>
        /// The callee-saved registers a RhpCall*Funclet thunk pushed, from <paramref name="sp"/>
        /// up (rbp, rbx, r12..r15): into the REGDISPLAY; returns the word after them (the
        /// thunk's return address).
        /// </summary>
        public static ulong* PopFuncletThunkRegisters(ref RegDisplay regs, ulong* sp)
        {
            regs.pRbp = sp++;
            regs.pRbx = sp++;
            regs.pR12 = sp++;
            regs.pR13 = sp++;
            regs.pR14 = sp++;
            regs.pR15 = sp++;
            return sp;
        }

        /// <summary>
        /// The target of an ILC unboxing stub at <paramref name="code"/> ("add rdi, 8; jmp rel32",
        /// 48 83 c7 08 e9), or null if it is not one.
        /// </summary>
        public static byte* UnboxingStubTarget(byte* code)
        {
            if (code[0] == 0x48 && code[1] == 0x83 && code[2] == 0xc7 && code[3] == 0x08 && code[4] == 0xe9)
                return code + 9 + *(int*)(code + 5);
            return null;
        }

        /// <summary>Where DWARF register <paramref name="r"/> of the frame lives (null: not tracked, or the stack pointer).</summary>
        public static ulong* Location(ref RegDisplay regs, int r)
        {
            switch (r)
            {
                case 0: return regs.pRax;
                case 1: return regs.pRdx;
                case 2: return regs.pRcx;
                case 3: return regs.pRbx;
                case 4: return regs.pRsi;
                case 5: return regs.pRdi;
                case 6: return regs.pRbp;
                case 8: return regs.pR8;
                case 9: return regs.pR9;
                case 10: return regs.pR10;
                case 11: return regs.pR11;
                case 12: return regs.pR12;
                case 13: return regs.pR13;
                case 14: return regs.pR14;
                case 15: return regs.pR15;
                default: return null;
            }
        }

        /// <summary>DWARF register <paramref name="r"/> of the frame now lives at <paramref name="slot"/>.</summary>
        public static void SetLocation(ref RegDisplay regs, int r, ulong* slot)
        {
            switch (r)
            {
                case 0: regs.pRax = slot; break;
                case 1: regs.pRdx = slot; break;
                case 2: regs.pRcx = slot; break;
                case 3: regs.pRbx = slot; break;
                case 4: regs.pRsi = slot; break;
                case 5: regs.pRdi = slot; break;
                case 6: regs.pRbp = slot; break;
                case 8: regs.pR8 = slot; break;
                case 9: regs.pR9 = slot; break;
                case 10: regs.pR10 = slot; break;
                case 11: regs.pR11 = slot; break;
                case 12: regs.pR12 = slot; break;
                case 13: regs.pR13 = slot; break;
                case 14: regs.pR14 = slot; break;
                case 15: regs.pR15 = slot; break;
            }
        }
    }
}
