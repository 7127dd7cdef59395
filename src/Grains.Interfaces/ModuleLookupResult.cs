using EsmCacheCluster.Format;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>A record fetched from the cluster, and whether this request made the cluster generate it.</summary>
[GenerateSerializer, Immutable, Alias("esmcache.ModuleLookupResult")]
public sealed record ModuleLookupResult(
    [property: Id(0)] ModuleRecord Record,
    [property: Id(1)] bool Generated);
