using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// Code address -> managed method, from ILC's unwind data: a managed method body or funclet
    /// is a range with an FDE whose LSDA is ILC's per-method blob. The blob starts with a flags
    /// byte (UBF_*); a funclet's blob then names its main body (int32 offset to the main blob,
    /// int32 distance back from the funclet's start to the method's start); the main blob holds
    /// optional associated data and the EH-info offset (both int32, self-relative), then the GC
    /// info. The same format as NativeAOT's own runtime reads on Unix.
    /// </summary>
    internal static unsafe class MethodLookup
    {
        public const byte KindMask = 0x03, KindRoot = 0x00, KindHandler = 0x01, KindFilter = 0x02;
        public const byte HasEHInfo = 0x04, ReversePInvoke = 0x08, HasAssociatedData = 0x10;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_addresses")]
        static extern EhAddresses* GetAddresses();

        public static EhAddresses* Addresses => GetAddresses();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_eh_thread_slots")]
        static extern EhThreadSlots* GetThreadSlots();

        /// <summary>The calling thread's exception chain and stack-trace context.</summary>
        public static EhThreadSlots* ThreadSlots => GetThreadSlots();

        /// <summary>True if <paramref name="pc"/> is in managed code; the FDE and blobs describe its method.</summary>
        public static bool Find(ulong pc, out Fde fde, out ulong methodStart, out byte* lsda, out byte* mainLsda)
        {
            methodStart = 0;
            lsda = mainLsda = null;
            if (!Fde.Find((byte*)GetAddresses()->EhFrameHeader, pc, out fde) || fde.Lsda == null)
                return false;
            lsda = fde.Lsda;
            if ((lsda[0] & KindMask) != KindRoot)
            {
                mainLsda = lsda + 1 + *(int*)(lsda + 1);
                methodStart = fde.Start - (ulong)(long)*(int*)(lsda + 5);
            }
            else
            {
                mainLsda = lsda;
                methodStart = fde.Start;
            }
            return true;
        }

        public static bool IsManaged(ulong pc) => Find(pc, out _, out _, out _, out _);

        public static bool IsFunclet(byte* lsda) => (lsda[0] & KindMask) != KindRoot;

        /// <summary>Where the main blob's EH clauses start, or null if the method has none.</summary>
        public static byte* EHInfo(byte* mainLsda)
        {
            byte flags = mainLsda[0];
            byte* p = mainLsda + 1;
            if ((flags & HasAssociatedData) != 0)
                p += 4;
            if ((flags & HasEHInfo) == 0)
                return null;
            return p + *(int*)p;
        }

        /// <summary>NativeAOT's VarInt: the low bits of the first byte say how many bytes follow (1..5).</summary>
        public static uint ReadVarUInt(ref byte* p)
        {
            byte b = p[0];
            uint v;
            if ((b & 1) == 0) { v = (uint)b >> 1; p += 1; }
            else if ((b & 2) == 0) { v = (uint)(b | p[1] << 8) >> 2; p += 2; }
            else if ((b & 4) == 0) { v = (uint)(b | p[1] << 8 | p[2] << 16) >> 3; p += 3; }
            else if ((b & 8) == 0) { v = *(uint*)p >> 4; p += 4; }
            else { v = *(uint*)(p + 1); p += 5; }
            return v;
        }
    }
}
