namespace EsmCacheCluster.Grains;

/// <summary>Name of the grain storage provider that holds module blobs.</summary>
public static class ModuleCacheStorage
{
    public const string Name = "bmes";
}
