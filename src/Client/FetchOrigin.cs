namespace EsmCacheCluster.Client;

/// <summary>Where a record came from; callers report it (hits / misses / generated / fallbacks).</summary>
public enum FetchOrigin
{
    /// <summary>The client's local BMES folder: no network at all.</summary>
    LocalCache,

    /// <summary>The cluster had it.</summary>
    Cluster,

    /// <summary>The cluster generated it for this request.</summary>
    ClusterGenerated,

    /// <summary>The cluster could not be used; the client analysed the source itself.</summary>
    LocalFallback,
}
