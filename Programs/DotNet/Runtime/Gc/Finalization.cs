namespace Veridian.DotNetRuntime
{
    /// <summary>
    /// Objects with finalizers. Registration is accepted; finalizers do not run yet (no
    /// finalizer thread), which .NET allows: nothing guarantees a finalizer runs before exit.
    /// </summary>
    internal static unsafe class Finalization
    {
        public static void Register(ObjectHeader* obj) { }
    }
}
