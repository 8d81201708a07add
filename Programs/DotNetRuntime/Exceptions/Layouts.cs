using System.Runtime.InteropServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    // The structures CoreLib's managed exception dispatcher (System.Runtime.EH, compiled into
    // every program) shares with the runtime. Sizes and the offsets CoreLib reads are those of
    // System.Private.CoreLib 10.0.12, read from its metadata (explicit FieldOffset/Size of
    // System.Runtime.REGDISPLAY, StackFrameIterator, EH+ExInfo, EH+PAL_LIMITED_CONTEXT,
    // EH+EHEnum, EH+RhEHClause); exceptions.asm uses the same numbers. A new CoreLib version
    // must be checked again. Those whose layout is the architecture's (REGDISPLAY, the frame
    // iterator, PAL_LIMITED_CONTEXT, ExInfo) are in Exceptions/<arch>/ContextLayouts.cs.

    internal static class FrameIteratorFlags
    {
        /// <summary>Each yielded return address is moved back 1 byte, into the call instruction (and its try region).</summary>
        public const uint ApplyReturnAddressAdjustment = 1;
        /// <summary>The frame just yielded was reached by jumping over an exception dispatch (ExInfo collision).</summary>
        public const uint ExCollide = 4;
    }

    /// <summary>EH+RhEHClause (sequential): what RhpEHEnumNext hands CoreLib per clause.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct EHClause
    {
        public uint Kind;                   // 0 typed, 1 fault (finally), 2 filter
        public uint TryStartOffset;
        public uint TryEndOffset;
        public byte* FilterAddress;
        public byte* HandlerAddress;
        public void* TargetType;            // MethodTable* of a typed clause
    }

    /// <summary>EH+EHEnum (32 bytes, opaque to CoreLib): our clause cursor.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    internal unsafe struct EHEnumState
    {
        [FieldOffset(0x00)] public ulong MethodStart;
        [FieldOffset(0x08)] public byte* Cursor;
        [FieldOffset(0x10)] public uint Clause;
        [FieldOffset(0x14)] public uint ClauseCount;
    }

    /// <summary>EH+MethodRegionInfo: ILC does not split methods, so the cold part is always empty.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MethodRegionInfo
    {
        public byte* HotStart;
        public nuint HotSize;
        public byte* ColdStart;
        public nuint ColdSize;
    }

    /// <summary>The table exceptions.asm exports (veridian_eh_addresses), in its order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct EhAddresses
    {
        public ulong ThrowExReturn, RethrowReturn, ThrowHwExReturn;
        public ulong CatchFuncletReturn, FinallyFuncletReturn, FilterFuncletReturn;
        public ulong EhFrameHeader;
    }

    /// <summary>The calling thread's own words of the exception layer (veridian_eh_thread_slots, exceptions.asm).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct EhThreadSlots
    {
        public ExInfo* ExInfoHead;
        public PalContext* StackTraceContext;   // set while RhpGetCurrentThreadStackTrace runs
    }
}
