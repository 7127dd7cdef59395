using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EsmCacheCluster.Silo;

/// <summary>Ready once this silo is an active member of the cluster (it has joined, and is not shutting down).</summary>
internal sealed class ClusterHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("active in the cluster")
            : HealthCheckResult.Unhealthy($"silo status is {membership.CurrentStatus}"));
}
