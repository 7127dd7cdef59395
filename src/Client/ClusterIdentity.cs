namespace EsmCacheCluster.Client;

/// <summary>
/// Which cluster a client joins: Orleans admits a client only to the cluster and service it names, so these must be
/// the silos' <c>EsmCache:ClusterId</c> and <c>EsmCache:ServiceId</c> (a staging and a production cluster may share
/// one storage account under different names).
/// </summary>
public sealed record ClusterIdentity(string ClusterId, string ServiceId)
{
    /// <summary>What a silo uses when its settings name none.</summary>
    public static ClusterIdentity Default { get; } = new("esmcache", "esmcache");

    /// <summary><c>ESMCACHE_CLUSTER_ID</c> and <c>ESMCACHE_SERVICE_ID</c>, each defaulting to <c>esmcache</c>.</summary>
    public static ClusterIdentity FromEnvironment() => FromSettings(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="FromEnvironment"/>, with the variables read through <paramref name="variable"/> (a command's own environment).</summary>
    public static ClusterIdentity FromSettings(Func<string, string?> variable) => new(
        variable("ESMCACHE_CLUSTER_ID") is { Length: > 0 } cluster ? cluster : Default.ClusterId,
        variable("ESMCACHE_SERVICE_ID") is { Length: > 0 } service ? service : Default.ServiceId);
}
