namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>The figures of the silo that serves the call (a stateless worker runs where it is called).</summary>
[Alias("esmcache.ISiloStatsGrain")]
public interface ISiloStatsGrain : IGrainWithIntegerKey
{
    /// <param name="collectGarbage">Run a full GC first, so the managed heap figure is what is really held.</param>
    [Alias("GetAsync")]
    Task<SiloCacheStats> GetAsync(bool collectGarbage);
}
