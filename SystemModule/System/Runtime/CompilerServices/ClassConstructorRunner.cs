namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// ILC calls these before touching the statics of a type with a static constructor that
    /// could not be pre-initialised. The kernel runs them on one CPU before SMP starts, so
    /// the run-once check needs no lock yet (SMP will need one here).
    /// </summary>
    internal static unsafe class ClassConstructorRunner
    {
        private static nint CheckStaticClassConstructionReturnNonGCStaticBase(ref StaticClassConstructionContext context, nint nonGcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return nonGcStaticBase;
        }

        private static object CheckStaticClassConstructionReturnGCStaticBase(ref StaticClassConstructionContext context, object gcStaticBase)
        {
            EnsureClassConstructorRun(ref context);
            return gcStaticBase;
        }

        private static void EnsureClassConstructorRun(ref StaticClassConstructionContext context)
        {
            nint cctor = context.cctorMethodAddress;
            if (cctor == 0) return;
            context.cctorMethodAddress = 0;
            ((delegate*<void>)cctor)();
        }
    }

    /// <summary>Layout is a contract with ILC: the address of the pending static constructor.</summary>
    public struct StaticClassConstructionContext
    {
        public nint cctorMethodAddress;
    }
}
