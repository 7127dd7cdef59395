using EsmCacheCluster.Format;
using Orleans.Concurrency;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// One activation per module source, keyed by the lowercase hex SHA-256 of the source bytes. Generates,
/// validates and stores the module's BMES blob exactly once across the cluster.
/// </summary>
/// <remarks>
/// Records returned by the metadata calls carry no bytecode: a scan that only needs imports and exports is never
/// sent, and never makes the cluster produce, V8 code caches. Sources are checked against the key before anything
/// is generated or stored.
/// </remarks>
[Alias("esmcache.IModuleCacheGrain")]
public interface IModuleCacheGrain : IGrainWithStringKey
{
    /// <summary>The module record without bytecode, or null when this source was never generated.</summary>
    [Alias("GetAsync")]
    Task<ModuleRecord?> GetAsync();

    /// <summary>The record without bytecode; generated from <paramref name="source"/> (at most once) on a miss.</summary>
    [Alias("GetOrAddAsync")]
    Task<ModuleLookupResult> GetOrAddAsync(Immutable<byte[]> source);

    /// <summary>The record without bytecode as a BMES blob, or null when never generated (what batches use).</summary>
    [Alias("GetMetadataBlobAsync")]
    Task<MetadataBlob?> GetMetadataBlobAsync();

    /// <summary>The record without bytecode as a BMES blob; generated from <paramref name="source"/> (at most once) on a miss.</summary>
    [Alias("GetOrAddMetadataBlobAsync")]
    Task<MetadataBlob> GetOrAddMetadataBlobAsync(Immutable<byte[]> source);

    /// <summary>The stored BMES blob as it is (with or without bytecode), or null when never generated.</summary>
    [Alias("GetBlobAsync")]
    Task<Immutable<byte[]>?> GetBlobAsync();

    /// <summary>
    /// The complete BMES blob with V8 bytecode: generated on a miss, or completed with bytecode when only the
    /// record was stored so far. Either happens at most once.
    /// </summary>
    [Alias("GetOrAddBlobAsync")]
    Task<Immutable<byte[]>> GetOrAddBlobAsync(Immutable<byte[]> source);
}
