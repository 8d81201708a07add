using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// RhpSfiInit / RhpSfiNext: the stack walk CoreLib's dispatcher drives, frame by frame,
    /// for both passes. Frames are unwound with ILC's DWARF CFI (Cfi.cs); the assembly thunks
    /// (exceptions.asm) have none, so they are recognised by their return addresses and
    /// stepped over by layout. The walk follows the ExInfo chain in step with the stack: when
    /// it leaves a catch or finally funclet that a still-running (older) dispatch invoked, it
    /// "collides" with that dispatch and continues from the frame that dispatch was at (its
    /// own iterator, in the ExInfo), reporting the clause it was running so CoreLib can
    /// supersede the older exception and skip the clauses it already passed. The same
    /// algorithm as NativeAOT's StackFrameIterator for EH walks, without the GC-walk parts.
    /// </summary>
    internal static unsafe class StackFrameIterator
    {
        const uint NoClause = 0xFFFFFFFF;

        [RuntimeExport("RhpSfiInit")]
        static bool SfiInit(FrameIterator* it, PalContext* context, bool instructionFault, bool* isExceptionIntercepted)
        {
            if (isExceptionIntercepted != null)
                *isExceptionIntercepted = false;
            if (context == null)
            {
                // A stack trace of the running thread (RhpGetCurrentThreadStackTrace published
                // its caller's context): frames as they are, return addresses unadjusted.
                context = MethodLookup.ThreadSlots->StackTraceContext;
                *it = default;
                if (context == null)
                    return false;
                InitFromContext(it, context, 0);
                if (it->ControlPC == 0)
                    return false;
                CalculateMethodState(it);
                return true;
            }
            InitFromContext(it, context, FrameIteratorFlags.ApplyReturnAddressAdjustment);
            // A fault's IP is the faulting instruction itself, not a return address: no adjustment for it.
            if (!instructionFault)
                PrepareToYield(it);
            if (it->ControlPC == 0)
                return false;
            CalculateMethodState(it);
            return true;
        }

        [RuntimeExport("RhpSfiNext")]
        static bool SfiNext(FrameIterator* it, uint* exCollideClauseIndex, bool* unwoundReversePInvoke, bool* isExceptionIntercepted)
        {
            ExInfo* crossed = it->NextExInfo;
            NextFrame(it);
            bool valid = it->ControlPC != 0;
            if (valid)
                CalculateMethodState(it);
            if (exCollideClauseIndex != null)
            {
                if ((it->Flags & FrameIteratorFlags.ExCollide) != 0)
                {
                    *exCollideClauseIndex = crossed->CurrentClause;
                    crossed->Kind |= ExInfo.SupersededFlag;
                }
                else
                    *exCollideClauseIndex = NoClause;
            }
            // Reverse P/Invoke frames are unwound like any other: our runtime layer is managed
            // code itself, there is no native caller whose frames must stop the exception.
            if (unwoundReversePInvoke != null)
                *unwoundReversePInvoke = false;
            if (isExceptionIntercepted != null)
                *isExceptionIntercepted = false;
            return valid;
        }

        /// <summary>Positions the iterator on the frame a PAL_LIMITED_CONTEXT describes (ControlPC 0 if unmanaged).</summary>
        public static void InitFromContext(FrameIterator* it, PalContext* c, uint flags)
        {
            *it = default;
            it->Flags = flags;
            it->NextExInfo = MethodLookup.ThreadSlots->ExInfoHead;
            SkipExInfosBelow(it, ArchUnwind.ContextSp(c));
            // The IP is a return address (a throw, a stack trace) or a faulting instruction; either
            // way the code around it must be managed.
            if (!MethodLookup.IsManaged(c->IP - 1) && !MethodLookup.IsManaged(c->IP))
                return;
            ArchUnwind.PointAtContext(ref it->Regs, c);
            it->ControlPC = it->OriginalControlPC = c->IP;
        }

        /// <summary>Moves NextExInfo to the first ExInfo at or above <paramref name="sp"/> (the ones below belong to frames already left).</summary>
        static void SkipExInfosBelow(FrameIterator* it, ulong sp)
        {
            while (it->NextExInfo != null && sp > (ulong)it->NextExInfo)
                it->NextExInfo = it->NextExInfo->Prev;
        }

        static void PrepareToYield(FrameIterator* it)
        {
            // A return address is the instruction after the call; 1 byte back is inside the call,
            // hence inside the try region and the unwind row of the call site.
            if (it->ControlPC != 0 && (it->Flags & FrameIteratorFlags.ApplyReturnAddressAdjustment) != 0)
                it->ControlPC -= 1;
        }

        static void SetControlPC(FrameIterator* it, ulong pc) => it->ControlPC = it->OriginalControlPC = pc;

        /// <summary>
        /// The address that identifies the frame's method and unwind row: ControlPC in EH walks
        /// (already inside the call, or the faulting instruction); in stack-trace walks every
        /// ControlPC is a raw return address, which may already be the next method's first byte.
        /// </summary>
        static ulong LookupPC(FrameIterator* it) =>
            (it->Flags & FrameIteratorFlags.ApplyReturnAddressAdjustment) != 0 ? it->ControlPC : it->ControlPC - 1;

        public static void CalculateMethodState(FrameIterator* it)
        {
            if (!MethodLookup.Find(LookupPC(it), out _, out ulong start, out byte* lsda, out byte* mainLsda))
                Fatal.Die();
            it->MethodStart = start;
            it->Lsda = lsda;
            it->MainLsda = mainLsda;
            // CoreLib tells a method's funclets from the method by equal frame pointers.
            bool framed = (lsda[0] & MethodLookup.HasEHInfo) != 0 || MethodLookup.IsFunclet(lsda);
            it->FramePointer = framed ? ArchUnwind.FramePointer(ref it->Regs) : 0;
        }

        /// <summary>Unwinds one managed frame with its CFI: the Regs describe the caller afterwards.</summary>
        public static bool UnwindManagedFrame(ref RegDisplay regs, ulong controlPC)
        {
            if (!MethodLookup.Find(controlPC, out Fde fde, out _, out _, out _))
                return false;
            if (!CfaRow.Compute(ref fde, controlPC, out CfaRow row))
                return false;
            return row.Apply(ref regs);
        }

        static void NextFrame(FrameIterator* it)
        {
            it->Flags &= ~FrameIteratorFlags.ExCollide;
            bool wasFunclet = MethodLookup.IsFunclet(it->Lsda);
            ulong framePointer = it->FramePointer;
            if (!UnwindManagedFrame(ref it->Regs, LookupPC(it)))
                Fatal.Die();
            ulong ip = it->Regs.IP;
            SetControlPC(it, ip);
            EhAddresses* a = MethodLookup.Addresses;
            bool exCollide = false;
            if (wasFunclet && (ip == a->CatchFuncletReturn || ip == a->FinallyFuncletReturn))
            {
                // Leaving a funclet an older dispatch is running: remember whose, cross its thunk,
                // then continue from that dispatch's position (HandleExCollide).
                it->PendingFuncletFramePointer = framePointer;
                UnwindFuncletThunk(it, ip == a->CatchFuncletReturn ? ArchUnwind.CatchThunkLocals : ArchUnwind.FinallyThunkLocals, saveFuncletRegisters: true);
                exCollide = true;
            }
            else if (wasFunclet && ip == a->FilterFuncletReturn)
                UnwindFuncletThunk(it, ArchUnwind.FilterThunkLocals, saveFuncletRegisters: false);     // into the dispatcher that called the filter
            else if (ip == a->ThrowExReturn || ip == a->RethrowReturn || ip == a->ThrowHwExReturn)
                Fatal.Die();            // an exception escaping the dispatcher itself
            else if (!MethodLookup.IsManaged(ip - 1))
                it->ControlPC = 0;      // the bottom of the managed stack (_start, a thread's entry)

            if (exCollide)
            {
                HandleExCollide(it, it->NextExInfo);
                it->Flags |= FrameIteratorFlags.ExCollide;
            }
            PrepareToYield(it);
        }

        /// <summary>
        /// Steps over RhpCall*Funclet (exceptions.asm): <paramref name="locals"/> words, then
        /// the callee-saved registers (ArchUnwind.PopFuncletThunkRegisters), then the return
        /// address into the dispatcher.
        /// </summary>
        static void UnwindFuncletThunk(FrameIterator* it, int locals, bool saveFuncletRegisters)
        {
            if (saveFuncletRegisters)
            {
                // The funclet's view of the preserved registers: the values the owner frame has
                // while its funclet runs, which the collided walk must keep (not the dispatcher's).
                ArchUnwind.SaveFuncletView(it);
            }
            ulong* sp = ArchUnwind.PopFuncletThunkRegisters(ref it->Regs, (ulong*)it->Regs.SP + locals);
            it->Regs.IP = *sp++;
            it->Regs.SP = (ulong)sp;
            SetControlPC(it, it->Regs.IP);
        }

        static void HandleExCollide(FrameIterator* it, ExInfo* exInfo)
        {
            if (exInfo == null)
                Fatal.Die();
            uint flags = it->Flags;
            it->PendingFuncletFramePointer = 0;
            if (exInfo->PassNumber == 1 || exInfo->CurrentClause == NoClause)
            {
                // That dispatch had not started running handlers: continue from its throw site.
                InitFromContext(it, exInfo->Context, flags);
                it->NextExInfo = exInfo->Prev;
                return;
            }
            FrameIterator funclet = *it;        // its view of the callee-saved registers (SaveFuncletView)
            *it = exInfo->FrameIter;            // the older dispatch's position: the funclet's owner frame
            it->PendingFuncletFramePointer = 0;
            ArchUnwind.RestoreFuncletView(it, &funclet);
            SkipExInfosBelow(it, it->Regs.SP);
            it->ControlPC = it->OriginalControlPC;      // PrepareToYield adjusts it again
            it->Flags = flags;
        }
    }
}
