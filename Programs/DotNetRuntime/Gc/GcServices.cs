using System.Runtime;

namespace Veridian.DotNetRuntime
{
    /// <summary>What GC.* asks the runtime (RhpCollect, counts, memory info); finalization is Finalization.cs.</summary>
    internal static unsafe class GcServices
    {
        /// <summary>Every collection is full (no generations): GC.Collect(n) for any n is one collection.</summary>
        [RuntimeExport("RhpCollect")]
        private static void Collect(int generation, int mode, int lowMemory) => GcHeap.Collect();

        /// <summary>Live bytes after the last collection plus what was allocated since (cell sizes).</summary>
        [RuntimeExport("RhpGetGcTotalMemory")]
        private static long GetGcTotalMemory()
        {
            GcHeap.Lock();
            long bytes = (long)GcHeap.BytesInUse;
            GcHeap.Unlock();
            return bytes;
        }

        /// <summary>2, as on CoreCLR, so programs that print GC.MaxGeneration agree; each collection counts for every generation.</summary>
        [RuntimeExport("RhGetMaxGcGeneration")]
        private static int GetMaxGcGeneration() => 2;

        [RuntimeExport("RhGetGcCollectionCount")]
        private static int GetGcCollectionCount(int generation, bool getSpecialGcCount) => generation <= 2 ? GcHeap.Collections : 0;

        /// <summary>The size of the GC descriptor ILC put before a MethodTable (gcdesc.h's GetSize).</summary>
        [RuntimeExport("RhGetGCDescSize")]
        private static int GetGcDescSize(MethodTable* type)
        {
            if (!type->ContainsGcPointers) return 0;
            long series = *((long*)type - 1);
            return series >= 0 ? 8 + (int)series * 16 : 8 + 16 + ((int)-series - 1) * 8;
        }

        /// <summary>An object's generation: everything is in the one (oldest) generation.</summary>
        [RuntimeExport("RhGetGeneration")]
        private static int GetGeneration(void* obj) => 2;

        [RuntimeExport("RhGetTotalAllocatedBytes")]
        private static long GetTotalAllocatedBytes() => (long)GcHeap.TotalAllocatedBytes + (long)GcHeap.AllocatedSinceGc;

        /// <summary>
        /// GC.GetTotalAllocatedBytes(precise: true). Every allocation is counted under the heap
        /// lock as it is made (there are no per-thread allocation contexts to flush), so the
        /// precise figure is the same sum, read under that lock so no allocation is half counted.
        /// </summary>
        [RuntimeExport("RhGetTotalAllocatedBytesPrecise")]
        private static long GetTotalAllocatedBytesPrecise()
        {
            GcHeap.Lock();
            long bytes = (long)GcHeap.TotalAllocatedBytes + (long)GcHeap.AllocatedSinceGc;
            GcHeap.Unlock();
            return bytes;
        }

        // CoreLib's GCMemoryInfoData (System/GCMemoryInfo.cs, sequential layout).
        private struct MemoryInfoData
        {
            public long HighMemoryLoadThresholdBytes, TotalAvailableMemoryBytes, MemoryLoadBytes, HeapSizeBytes;
            public long FragmentedBytes, TotalCommittedBytes, PromotedBytes, PinnedObjectsCount;
            public long FinalizationPendingCount, Index;
            public int Generation, PauseTimePercentage;
            public byte Compacted, Concurrent;
            public GenerationInfo Gen0, Gen1, Gen2, Gen3, Gen4;
            public long PauseDuration0, PauseDuration1;   // TimeSpan ticks (100 ns)
        }

        private struct GenerationInfo
        {
            public long SizeBefore, FragmentationBefore, SizeAfter, FragmentationAfter;
        }

        /// <summary>GC.GetGCMemoryInfo: the last collection (every one is full and blocking; none is background).</summary>
        [RuntimeExport("RhGetMemoryInfo")]
        private static void GetMemoryInfo(MemoryInfoData* data, int kind)
        {
            *data = default;
            if (GcHeap.Collections == 0 || kind == 1 || kind == 3) return;
            GcHeap.Lock();
            long heap = (long)GcHeap.LiveAfterGc;
            long committed = (long)GcHeap.CommittedBytes;
            data->HeapSizeBytes = heap;
            data->TotalCommittedBytes = committed;
            data->FragmentedBytes = committed > heap ? committed - heap : 0;
            data->TotalAvailableMemoryBytes = (long)GcHeap.ReservationSize;
            data->HighMemoryLoadThresholdBytes = (long)GcHeap.ReservationSize * 9 / 10;
            data->MemoryLoadBytes = committed;
            data->PromotedBytes = heap;
            data->Index = GcHeap.Collections;
            data->Generation = 2;
            data->Gen2.SizeAfter = heap;
            data->PauseDuration0 = GcHeap.LastPauseNanoseconds / 100;
            data->FinalizationPendingCount = Finalization.PendingCount;
            GcHeap.Unlock();
        }

        [RuntimeExport("RhpStartNoGCRegion")]
        private static int StartNoGcRegion(long totalSize, int hasLohSize, long lohSize, int disallowFullBlockingGc) => 0;

        [RuntimeExport("RhpEndNoGCRegion")]
        private static int EndNoGcRegion() => 0;
    }
}
