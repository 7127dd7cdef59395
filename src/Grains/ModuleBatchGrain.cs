using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Concurrency;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Fans a batch out to the module grains from inside the cluster, and answers hits from the silo's record
/// cache without any grain call (Orleans' stateless workers are meant for such local caching of immutable data).
/// </summary>
[StatelessWorker]
public sealed class ModuleBatchGrain(IGrainFactory grains, SiloRecordCache cache, CacheMetrics metrics) : Grain, IModuleBatchGrain
{
    public async Task<ModuleBatchItem[]> GetManyAsync(ModuleLookup[] lookups)
    {
        var results = new ModuleBatchItem[lookups.Length];
        List<Task>? pending = null;
        for (int i = 0; i < lookups.Length; i++)
        {
            var lookup = lookups[i];
            if (!ModuleKey.TryParse(lookup.Key, out var key))
            {
                results[i] = new ModuleBatchItem(null, false, new ModuleRejection(RejectionReason.InvalidKey, $"'{lookup.Key}' is not a module key (64 lowercase hex digits of SHA-256, then an optional transform variant)"));
            }
            else if (cache.TryGet(key, out var blob))
            {
                metrics.Hit();
                metrics.Served(blob.Length);
                results[i] = new ModuleBatchItem(blob, false, null);
            }
            else
            {
                (pending ??= []).Add(FetchAsync(results, i, key, lookup.Source));
            }
        }

        if (pending is not null)
        {
            await Task.WhenAll(pending);
        }

        return results;
    }

    private async Task FetchAsync(ModuleBatchItem[] results, int index, CacheKey key, byte[]? source)
    {
        var grain = grains.GetGrain<IModuleCacheGrain>(ModuleKey.Of(key));
        try
        {
            var answer = source is null ? await grain.GetMetadataBlobAsync() : await grain.GetOrAddMetadataBlobAsync(source.AsImmutable());
            if (answer is not null)
            {
                cache.Add(key, answer.Blob);
            }

            results[index] = new ModuleBatchItem(answer?.Blob, answer?.Generated ?? false, null);
        }
        catch (ModuleRejectedException e)
        {
            results[index] = new ModuleBatchItem(null, false, e.Rejection);
        }
    }
}
