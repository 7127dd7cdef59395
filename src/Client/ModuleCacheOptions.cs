using EsmCacheCluster.Format;

namespace EsmCacheCluster.Client;

/// <summary>What <see cref="ModuleCache.ConnectAsync"/> needs: where the cluster is (or none), and what the client does locally.</summary>
public sealed class ModuleCacheOptions
{
    /// <summary>The cluster's gateways, <c>host:30000[,host2:30000]</c>; null or empty for no cluster (the local folder and local generation only).</summary>
    public string? Gateways { get; init; }

    /// <summary>The cluster's identity, as its silos are configured (<c>ClusterId</c>, <c>ServiceId</c>).</summary>
    public string ClusterId { get; init; } = ClusterIdentity.Default.ClusterId;

    public string ServiceId { get; init; } = ClusterIdentity.Default.ServiceId;

    /// <summary>The client certificate for a cluster that requires mutual TLS; null for none.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>A local BMES folder read first and filled from the cluster; null for none.</summary>
    public string? LocalCacheDirectory { get; init; }

    /// <summary>
    /// What makes records here: the fallback when the cluster cannot answer, and all the work when there is no cluster
    /// (then it is required). <c>AnalysisGenerator.Instance</c> for records of JavaScript; <c>ModuleGenerator</c> for
    /// TypeScript and JSX too, and bytecode. The caller owns it.
    /// </summary>
    public IModuleGenerator? LocalGenerator { get; init; }

    /// <summary>Batching, retries and the circuit breaker of the cluster client; its folder and generator come from here.</summary>
    public ModuleCacheClientOptions Client { get; init; } = new();
}
