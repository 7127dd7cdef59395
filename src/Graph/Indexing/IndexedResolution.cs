namespace EsmCacheCluster.Graph.Indexing;

/// <summary>A cached resolution and the file system facts (positions in the index's fact table) it depended on.</summary>
public readonly record struct IndexedResolution(Resolution.Resolution Resolution, int[] Facts);
