using EsmCacheCluster.Format;

namespace EsmCacheCluster.Records;

/// <summary>
/// A module's source bytes as read from disk, their hash, and the transform they need (none for JavaScript;
/// TypeScript and JSX options come from the file's extension and its tsconfig). <see cref="Key"/> is the cache key.
/// </summary>
public readonly record struct ModuleSource(ContentHash Hash, byte[] Bytes, TransformOptions Transform = default)
{
    public CacheKey Key => new(Hash, Transform);

    public static ModuleSource Of(byte[] bytes, TransformOptions transform = default) => new(ContentHash.Compute(bytes), bytes, transform);
}
