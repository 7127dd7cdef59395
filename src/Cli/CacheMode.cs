namespace EsmCacheCluster.Cli;

/// <summary>Where a command's records come from.</summary>
internal enum CacheMode
{
    /// <summary>The local cache folder, and on a miss this process generates the record, on every core (the default).</summary>
    Local,

    /// <summary>The local cache folder, and on a miss a silo started inside this process that stores into it (<c>--embedded-silo</c>).</summary>
    EmbeddedSilo,

    /// <summary>The local cache folder, and on a miss a remote cluster (<c>--cluster</c> or ESMCACHE_CLUSTER).</summary>
    Cluster,

    /// <summary>No cache: every module analysed locally (<c>--no-cache</c>).</summary>
    None,
}
