namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// Many modules in one cluster call: a stateless worker fans a batch out to the module grains inside the
/// cluster, so a client scanning thousands of files makes a few calls instead of thousands.
/// </summary>
[Alias("esmcache.IModuleBatchGrain")]
public interface IModuleBatchGrain : IGrainWithIntegerKey
{
    /// <summary>Answers in the order of <paramref name="lookups"/>; modules with a source are generated on a miss.</summary>
    [Alias("GetManyAsync")]
    Task<ModuleBatchItem[]> GetManyAsync(ModuleLookup[] lookups);
}
