namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>One retention sweep: what storage held, what went, where and when it ran.</summary>
[GenerateSerializer, Immutable, Alias("esmcache.SweepReport")]
public sealed record SweepReport(
    [property: Id(0)] int Listed,
    [property: Id(1)] long ListedBytes,
    [property: Id(2)] int Deleted,
    [property: Id(3)] long DeletedBytes,
    [property: Id(4)] string Silo,
    [property: Id(5)] DateTimeOffset Started,
    [property: Id(6)] DateTimeOffset Finished);
