using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// A module file found by the walk: its path relative to the scan root (with '/'), absolute path, cache key (SHA-256
/// and transform) and length in bytes.
/// </summary>
public sealed record SourceFile(string RelativePath, string FullPath, CacheKey Key, long Length)
{
    public ContentHash Hash => Key.Hash;

    public TransformOptions Transform => Key.Transform;
}
