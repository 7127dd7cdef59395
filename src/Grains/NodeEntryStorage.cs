namespace EsmCacheCluster.Grains;

/// <summary>Name of the grain storage provider that holds Node compile cache entries, and of the entry grains' state in it.</summary>
public static class NodeEntryStorage
{
    public const string Name = "node-entries";

    public const string StateName = "entry";

    /// <summary>The entry grains' type name, fixed so that stored entries keep their names across versions.</summary>
    public const string GrainType = "esmcache-nodeentry";

    /// <summary>The blob Orleans' Azure Blob grain storage keeps an entry grain's state in: <c>{state}-{grain id}.json</c>.</summary>
    public static string BlobName(GrainId grainId) => $"{StateName}-{grainId}.json";
}
