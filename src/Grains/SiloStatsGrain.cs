using System.Diagnostics;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Concurrency;

namespace EsmCacheCluster.Grains;

[StatelessWorker(1)]
public sealed class SiloStatsGrain(CacheMetrics metrics, RecordBudget budget, SiloRecordCache cache, ILocalSiloDetails silo) : Grain, ISiloStatsGrain
{
    public Task<SiloCacheStats> GetAsync(bool collectGarbage)
    {
        if (collectGarbage)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        return Task.FromResult(new SiloCacheStats(
            silo.SiloAddress.ToString(),
            metrics.Hits,
            metrics.Misses,
            metrics.Generations,
            metrics.RejectedUploads,
            metrics.CorruptBlobs,
            metrics.StaleBlobs,
            metrics.BytesServed,
            budget.ActiveRecords,
            budget.HeldBytes,
            budget.Evictions,
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            cache.Count,
            cache.Bytes));
    }
}
