namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>The cluster's refusal of one module: the reason to act on, and a message naming what was wrong.</summary>
[GenerateSerializer, Immutable, Alias("esmcache.ModuleRejection")]
public sealed record ModuleRejection(
    [property: Id(0)] RejectionReason Reason,
    [property: Id(1)] string Message);
