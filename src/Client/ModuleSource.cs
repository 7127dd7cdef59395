using EsmCacheCluster.Format;

namespace EsmCacheCluster.Client;

/// <summary>A module's source bytes as read from disk and their hash (the cache key).</summary>
public readonly record struct ModuleSource(ContentHash Hash, byte[] Bytes)
{
    public static ModuleSource Of(byte[] bytes) => new(ContentHash.Compute(bytes), bytes);
}
