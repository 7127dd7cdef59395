using Orleans.Concurrency;

namespace EsmCacheCluster.Grains;

/// <summary>Fans a batch out to the module grains from inside the cluster; one per silo core, no state.</summary>
[StatelessWorker]
public sealed class ModuleBatchGrain(IGrainFactory grains) : Grain, IModuleBatchGrain
{
    public async Task<ModuleBatchItem[]> GetManyAsync(ModuleLookup[] lookups)
    {
        var tasks = new Task<ModuleBatchItem>[lookups.Length];
        for (int i = 0; i < lookups.Length; i++)
        {
            tasks[i] = GetOneAsync(lookups[i]);
        }

        return await Task.WhenAll(tasks);
    }

    private async Task<ModuleBatchItem> GetOneAsync(ModuleLookup lookup)
    {
        if (!ModuleKey.TryParse(lookup.Hash, out _))
        {
            return new ModuleBatchItem(null, false, $"'{lookup.Hash}' is not a module key (64 lowercase hex digits of SHA-256)");
        }

        var grain = grains.GetGrain<IModuleCacheGrain>(lookup.Hash);
        try
        {
            if (lookup.Source is null)
            {
                return new ModuleBatchItem(await grain.GetAsync(), false, null);
            }

            var result = await grain.GetOrAddAsync(lookup.Source.AsImmutable());
            return new ModuleBatchItem(result.Record, result.Generated, null);
        }
        catch (ArgumentException e)
        {
            return new ModuleBatchItem(null, false, e.Message);
        }
    }
}
