namespace EsmCacheCluster.Grains;

/// <summary>Name of the grain storage provider that holds Node compile cache entries, and of the entry grains' state in it.</summary>
public static class NodeEntryStorage
{
    public const string Name = "node-entries";

    public const string StateName = "entry";
}
