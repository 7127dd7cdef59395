namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// A record as its BMES blob without bytecode, the form batches and caches carry (no decoding in the silo), and
/// whether this request made the cluster generate it. The receiver validates the blob like any untrusted bytes.
/// </summary>
[GenerateSerializer, Immutable, Alias("esmcache.MetadataBlob")]
public sealed record MetadataBlob([property: Id(0)] byte[] Blob, [property: Id(1)] bool Generated);
