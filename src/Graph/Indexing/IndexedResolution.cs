namespace EsmCacheCluster.Graph.Indexing;

/// <summary>A cached resolution of one import and the file system facts (positions in the index's fact table) it depended on.</summary>
public sealed record IndexedResolution(string Specifier, Resolution.Resolution Resolution, int[] Facts);
