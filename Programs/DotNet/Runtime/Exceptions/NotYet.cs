using System.Runtime;

namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// Placeholders until the exception layer lands (Exceptions/ on branch eh11): a throw ends
    /// the process with a message instead of running CoreLib's dispatcher.
    /// </summary>
    internal static unsafe class ExceptionsNotYet
    {
        public const int UnhandledExceptionExitCode = 255;

        [RuntimeExport("RhpThrowEx")]
        private static void ThrowEx(void* exception)
        {
            // The exception's MethodTable address: `nm` on the program names its type.
            ulong mt = *(ulong*)exception;
            char* hex = stackalloc char[16];
            for (int i = 0; i < 16; i++) hex[i] = "0123456789abcdef"[(int)(mt >> (60 - 4 * i)) & 15];
            Die("unhandled exception, type at 0x" + new string(hex, 0, 16) + " (exception dispatch not implemented yet)");
        }

        [RuntimeExport("RhpRethrow")]
        private static void Rethrow() => Die("rethrow (exception dispatch not implemented yet)");

        [RuntimeExport("RhpCallCatchFunclet")]
        private static void* CallCatchFunclet(void* exception, byte* handler, void* regDisplay, void* exInfo) { Die("catch funclet"); return null; }

        [RuntimeExport("RhpCallFinallyFunclet")]
        private static void CallFinallyFunclet(byte* handler, void* regDisplay) => Die("finally funclet");

        [RuntimeExport("RhpCallFilterFunclet")]
        private static bool CallFilterFunclet(void* exception, byte* handler, void* regDisplay) { Die("filter funclet"); return false; }

        [RuntimeExport("RhpSfiInit")]
        private static bool SfiInit(void* iterator, void* context, bool instructionFault, bool* intercepted) => false;

        [RuntimeExport("RhpSfiNext")]
        private static bool SfiNext(void* iterator, uint* exCollideClauseIdx, bool* unwoundReversePInvoke, bool* intercepted) => false;

        [RuntimeExport("RhpEHEnumInitFromStackFrameIterator")]
        private static bool EhEnumInit(void* iterator, void* regionInfo, void* ehEnum) => false;

        [RuntimeExport("RhpEHEnumNext")]
        private static bool EhEnumNext(void* ehEnum, void* clause) => false;

        [RuntimeExport("RhFindMethodStartAddress")]
        private static void* FindMethodStartAddress(void* code) => null;

        [RuntimeExport("RhpGetCurrentThreadStackTrace")]
        private static int GetCurrentThreadStackTrace(void* buffer, uint length, void* addressOfReturn) => 0;

        [RuntimeExport("RhpGetThreadAbortException")]
        private static void* GetThreadAbortException() => null;

        private static void Die(string what) => ProcessExit.FailFastWith(UnhandledExceptionExitCode, what);
    }
}
