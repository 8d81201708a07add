using System.Runtime;

namespace Veridian.DotNetRuntime.Exceptions
{
    /// <summary>
    /// The questions CoreLib asks about code addresses while dispatching and describing
    /// exceptions (the class-library function table is the start-up's, RuntimeServices.cs).
    /// </summary>
    internal static unsafe class CodeQueries
    {
        /// <summary>The start of the method (not the funclet) containing <paramref name="address"/>, or null.</summary>
        [RuntimeExport("RhFindMethodStartAddress")]
        static void* FindMethodStartAddress(void* address)
        {
            if (!MethodLookup.Find((ulong)address, out _, out ulong start, out _, out _))
                return null;
            return (void*)start;
        }

        /// <summary>
        /// The target of an unboxing or import stub, or the address itself. ILC's unboxing stubs
        /// (ArchUnwind.UnboxingStubTarget decodes them) are followed, so delegates and
        /// method comparisons see the real method.
        /// </summary>
        [RuntimeExport("RhGetCodeTarget")]
        static void* GetCodeTarget(byte* code)
        {
            byte* target = code == null ? null : ArchUnwind.UnboxingStubTarget(code);
            return target != null ? target : code;
        }

        /// <summary>Thread.Abort does not exist here: never an abort exception.</summary>
        [RuntimeExport("RhpGetThreadAbortException")]
        static object GetThreadAbortException() => null;
    }
}
