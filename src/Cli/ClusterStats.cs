using EsmCacheCluster.Client;
using EsmCacheCluster.Grains.Interfaces;

namespace EsmCacheCluster.Cli;

/// <summary>What <c>esmcache stats</c> reports: the cluster's members, and the cache figures of each gateway's silo.</summary>
internal sealed record ClusterStats(IReadOnlyDictionary<SiloAddress, SiloStatus> Members, IReadOnlyList<SiloCacheStats> Silos)
{
    /// <summary>Asks the cluster: its membership through any gateway, then each gateway's own silo (the stats grain answers for the silo it runs on).</summary>
    public static async Task<ClusterStats> ReadAsync(IReadOnlyList<GatewayAddress> gateways, ClusterIdentity identity, ClusterTls? tls)
    {
        await using var connection = await ClusterConnection.ConnectAsync(gateways, identity, tls);
        var members = await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var silos = new List<SiloCacheStats>(gateways.Count);
        foreach (var gateway in gateways)
        {
            await using var one = await ClusterConnection.ConnectAsync([gateway], identity, tls);
            silos.Add(await one.Client.GetGrain<ISiloStatsGrain>(0).GetAsync(collectGarbage: false));
        }

        return new ClusterStats(members, silos);
    }
}
