using System.Runtime;

namespace Veridian.EhHarness
{
    /// <summary>
    /// What Veridian.DotNetRuntime defines outside the exception layer but the dispatch needs
    /// to behave as it does there: NativeAOT's own version of this fails fast when the flag is
    /// already set, because its funclet thunks clear it and ours do not.
    /// </summary>
    internal static class HostOnly
    {
        [RuntimeExport("RhpSetThreadDoNotTriggerGC")]
        static void SetThreadDoNotTriggerGC() { }
    }
}
