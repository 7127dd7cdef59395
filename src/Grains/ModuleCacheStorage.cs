namespace EsmCacheCluster.Grains;

/// <summary>Name of the grain storage provider that holds module blobs, and of the module grains' state in it.</summary>
public static class ModuleCacheStorage
{
    public const string Name = "bmes";

    public const string StateName = "module";

    /// <summary>The blob Orleans' Azure Blob grain storage keeps a module grain's state in: <c>{state}-{grain id}.json</c>.</summary>
    public static string BlobName(GrainId grainId) => $"{StateName}-{grainId}.json";
}
