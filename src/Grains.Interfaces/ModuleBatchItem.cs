namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// One answer of a batch: the record as a BMES blob without bytecode (null on a miss without source), whether it
/// was generated now, or why the cluster refused this module (poisoned upload, oversized source). One bad module
/// never fails the batch.
/// </summary>
[GenerateSerializer, Immutable, Alias("esmcache.ModuleBatchItem")]
public readonly record struct ModuleBatchItem(
    [property: Id(0)] byte[]? Blob,
    [property: Id(1)] bool Generated,
    [property: Id(2)] ModuleRejection? Rejection);
