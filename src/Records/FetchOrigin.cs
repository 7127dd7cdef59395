namespace EsmCacheCluster.Records;

/// <summary>Where a record came from; callers report it (hits / misses / generated / fallbacks).</summary>
public enum FetchOrigin
{
    /// <summary>The local BMES folder: no network, no analysis.</summary>
    LocalCache,

    /// <summary>The cluster had it.</summary>
    Cluster,

    /// <summary>The cluster generated it for this request.</summary>
    ClusterGenerated,

    /// <summary>The cluster could not be used; the client analysed the source itself.</summary>
    LocalFallback,

    /// <summary>Generated in this process, as planned: no cluster is configured (the embedded default, <c>--no-cache</c>).</summary>
    LocalGenerated,
}
