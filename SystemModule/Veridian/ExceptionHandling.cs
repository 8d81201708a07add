using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Veridian.Runtime
{
    /// <summary>
    /// There is no unwinder: kernel code never catches (docs/kernel-code-rules.md), so every
    /// throw is a kernel bug and goes straight to the kernel's panic (veridian_panic_exception,
    /// exported by the plugs), which prints the exception's type and message.
    /// </summary>
    internal static unsafe class ExceptionHandling
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "veridian_panic_exception")]
        private static extern void PanicException(Exception exception);

        [RuntimeExport("RhpThrowEx")]
        private static void RhpThrowEx(Exception exception)
        {
            PanicException(exception ?? new NullReferenceException());
        }

        [RuntimeExport("RhpRethrow")]
        private static void RhpRethrow() => PanicException(new InvalidOperationException("rethrow without a catch"));

        [RuntimeExport("RhpFallbackFailFast")]
        private static void RhpFallbackFailFast() => PanicException(new InvalidOperationException("fail-fast"));

        // Transitions between managed and native code are no-ops: there is no collector to tell.
        [RuntimeExport("RhpPInvoke")] private static void RhpPInvoke(nint frame) { }
        [RuntimeExport("RhpPInvokeReturn")] private static void RhpPInvokeReturn(nint frame) { }
        [RuntimeExport("RhpReversePInvoke")] private static void RhpReversePInvoke(nint frame) { }
        [RuntimeExport("RhpReversePInvokeReturn")] private static void RhpReversePInvokeReturn(nint frame) { }
        [RuntimeExport("RhpGcPoll")] private static void RhpGcPoll() { }
    }
}
