namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>One silo's cache figures: its counters since start, what it holds now, and its memory.</summary>
[GenerateSerializer, Immutable, Alias("esmcache.SiloCacheStats")]
public sealed record SiloCacheStats(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Hits,
    [property: Id(2)] long Misses,
    [property: Id(3)] long Generations,
    [property: Id(4)] long RejectedUploads,
    [property: Id(5)] long CorruptBlobs,
    [property: Id(6)] long StaleBlobs,
    [property: Id(7)] long BytesServed,
    [property: Id(8)] int ActiveRecords,
    [property: Id(9)] long HeldBytes,
    [property: Id(10)] long Evictions,
    [property: Id(11)] long ManagedHeapBytes,
    [property: Id(12)] long WorkingSetBytes,
    [property: Id(13)] int CachedRecords,
    [property: Id(14)] long CachedBytes);
