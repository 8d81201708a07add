using System.Runtime.InteropServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    // x86_64's layouts of the structures CoreLib's exception dispatcher shares with the runtime
    // (System.Private.CoreLib 10.0.12 for linux-x64, read from its metadata; Layouts.cs has the
    // arch-neutral ones). Every architecture defines these four types with the members the
    // arch-neutral code uses: RegDisplay.SP and .IP; FrameIterator's NextExInfo, Flags,
    // FramePointer, ControlPC, Regs, MethodStart, Lsda, MainLsda, PendingFuncletFramePointer,
    // OriginalControlPC, PreviousTransitionFrame; PalContext.IP; ExInfo's Prev, Context,
    // Exception, Kind, PassNumber, CurrentClause, FrameIter (docs/porting.md).

    /// <summary>
    /// REGDISPLAY: where each register of the frame being looked at lives (a pointer into the
    /// stack or a context), plus its SP and IP. CoreLib reads only SP; the funclet thunks read
    /// the preserved registers through these pointers.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 0x88)]
    internal unsafe struct RegDisplay
    {
        [FieldOffset(0x00)] public ulong* pRax;
        [FieldOffset(0x08)] public ulong* pRcx;
        [FieldOffset(0x10)] public ulong* pRdx;
        [FieldOffset(0x18)] public ulong* pRbx;
        [FieldOffset(0x20)] public ulong* pRbp;
        [FieldOffset(0x28)] public ulong* pRsi;
        [FieldOffset(0x30)] public ulong* pRdi;
        [FieldOffset(0x38)] public ulong* pR8;
        [FieldOffset(0x40)] public ulong* pR9;
        [FieldOffset(0x48)] public ulong* pR10;
        [FieldOffset(0x50)] public ulong* pR11;
        [FieldOffset(0x58)] public ulong* pR12;
        [FieldOffset(0x60)] public ulong* pR13;
        [FieldOffset(0x68)] public ulong* pR14;
        [FieldOffset(0x70)] public ulong* pR15;
        [FieldOffset(0x78)] public ulong SP;
        [FieldOffset(0x80)] public ulong IP;
    }

    /// <summary>
    /// System.Runtime.StackFrameIterator: CoreLib reads FramePointer, ControlPC, the REGDISPLAY,
    /// OriginalControlPC and PreviousTransitionFrame at their offsets; the rest of its 0x168
    /// bytes is ours (StackFrameIterator.cs). CoreLib copies it whole (ExInfo._frameIter), so
    /// everything here is plain data, no pointer into the structure itself.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 0x168)]
    internal unsafe struct FrameIterator
    {
        // Ours.
        [FieldOffset(0x00)] public ExInfo* NextExInfo;          // oldest-first walk of the ExInfo chain in step with the stack
        [FieldOffset(0x08)] public uint Flags;                  // FrameIteratorFlags
        // CoreLib's.
        [FieldOffset(0x10)] public ulong FramePointer;
        [FieldOffset(0x18)] public ulong ControlPC;
        [FieldOffset(0x20)] public RegDisplay Regs;
        // Ours: the current method (MethodLookup) and the funclet state of an ExInfo collision.
        [FieldOffset(0xa8)] public ulong MethodStart;
        [FieldOffset(0xb0)] public byte* Lsda;
        [FieldOffset(0xb8)] public byte* MainLsda;
        [FieldOffset(0xc0)] public ulong PendingFuncletFramePointer;
        [FieldOffset(0xc8)] public ulong* FuncletRbp;
        [FieldOffset(0xd0)] public ulong* FuncletRbx;
        [FieldOffset(0xd8)] public ulong* FuncletR12;
        [FieldOffset(0xe0)] public ulong* FuncletR13;
        [FieldOffset(0xe8)] public ulong* FuncletR14;
        [FieldOffset(0xf0)] public ulong* FuncletR15;
        // CoreLib's.
        [FieldOffset(0x158)] public ulong OriginalControlPC;
        [FieldOffset(0x160)] public ulong PreviousTransitionFrame;
    }

    /// <summary>EH+PAL_LIMITED_CONTEXT (SysV layout, 0x50 bytes): the throw site, pushed by the throw thunks.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 0x50)]
    internal struct PalContext
    {
        [FieldOffset(0x00)] public ulong IP;
        [FieldOffset(0x08)] public ulong Rsp;
        [FieldOffset(0x10)] public ulong Rbp;
        [FieldOffset(0x18)] public ulong Rax;
        [FieldOffset(0x20)] public ulong Rbx;
        [FieldOffset(0x28)] public ulong Rdx;
        [FieldOffset(0x30)] public ulong R12;
        [FieldOffset(0x38)] public ulong R13;
        [FieldOffset(0x40)] public ulong R14;
        [FieldOffset(0x48)] public ulong R15;
    }

    /// <summary>EH+ExInfo (0x190 bytes): one exception being dispatched, on its throw thunk's stack.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 0x190)]
    internal unsafe struct ExInfo
    {
        [FieldOffset(0x00)] public ExInfo* Prev;
        [FieldOffset(0x08)] public PalContext* Context;
        [FieldOffset(0x10)] public nint Exception;
        [FieldOffset(0x18)] public byte Kind;
        [FieldOffset(0x19)] public byte PassNumber;
        [FieldOffset(0x1c)] public uint CurrentClause;
        [FieldOffset(0x20)] public FrameIterator FrameIter;

        /// <summary>EH.ExKind.SupersededFlag: a newer exception escaped the funclet this one was running.</summary>
        public const byte SupersededFlag = 8;
    }
}
