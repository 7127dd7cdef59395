namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>One module of a batch: its key (<see cref="ModuleKey"/>), and its source when the caller wants it generated on a miss.</summary>
[GenerateSerializer, Immutable, Alias("esmcache.ModuleLookup")]
public readonly record struct ModuleLookup(
    [property: Id(0)] string Key,
    [property: Id(1)] byte[]? Source);
