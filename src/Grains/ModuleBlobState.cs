namespace EsmCacheCluster.Grains;

/// <summary>A module grain's persistent state: the BMES blob, stored as exactly those bytes (<see cref="RawBmesStorageSerializer"/>).</summary>
[GenerateSerializer, Alias("esmcache.ModuleBlobState")]
public sealed class ModuleBlobState
{
    [Id(0)]
    public byte[]? Blob { get; set; }
}
