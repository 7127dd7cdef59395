namespace EsmCacheCluster.Grains;

/// <summary>A node entry grain's persistent state: Node's type byte for what the source was compiled as, and the entry.</summary>
[GenerateSerializer, Alias("esmcache.NodeEntryState")]
public sealed class NodeEntryState
{
    [Id(0)]
    public byte Kind { get; set; }

    [Id(1)]
    public byte[]? Entry { get; set; }
}
