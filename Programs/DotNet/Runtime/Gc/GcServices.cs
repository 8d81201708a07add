using System.Runtime;

namespace Veridian.DotNetRuntime
{
    /// <summary>What GC.* and the finalizer machinery ask the runtime (RhpCollect, counts, memory info).</summary>
    internal static unsafe class GcServices
    {
        [RuntimeExport("RhpCollect")]
        private static void Collect(int generation, int mode, int lowMemory) => GcHeap.Collect();

        [RuntimeExport("RhpGetGcTotalMemory")]
        private static long GetGcTotalMemory() => GcHeap.BytesInUse;

        [RuntimeExport("RhGetMaxGcGeneration")]
        private static int GetMaxGcGeneration() => 0;

        [RuntimeExport("RhGetGcCollectionCount")]
        private static int GetGcCollectionCount(int generation, bool getSpecialGcCount) => generation == 0 ? GcHeap.Collections : 0;

        [RuntimeExport("RhGetMemoryInfo")]
        private static void GetMemoryInfo(byte* data, int kind) { }

        [RuntimeExport("RhSuppressFinalize")]
        private static void SuppressFinalize(void* obj) { }

        [RuntimeExport("RhReRegisterForFinalize")]
        private static bool ReRegisterForFinalize(void* obj) => true;

        [RuntimeExport("RhpGetNextFinalizableObject")]
        private static void* GetNextFinalizableObject() => null;

        [RuntimeExport("RhpStartNoGCRegion")]
        private static int StartNoGcRegion(long totalSize, int hasLohSize, long lohSize, int disallowFullBlockingGc) => 0;

        [RuntimeExport("RhpEndNoGCRegion")]
        private static int EndNoGcRegion() => 0;

        [RuntimeExport("RhpSignalFinalizationComplete")]
        private static void SignalFinalizationComplete(uint fCount, int observedFullGcCount) { }

        [RuntimeExport("RhpWaitForFinalizerRequest")]
        private static uint WaitForFinalizerRequest() => 0;
    }
}
