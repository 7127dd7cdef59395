using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// A module file as the scan that wrote the index saw it: its stat before it was read, its cache key (SHA-256 and
/// transform), its length, and which of the index's records is its record.
/// </summary>
public sealed record IndexedFile(FileStat Stat, CacheKey Key, long Length, int Record);
