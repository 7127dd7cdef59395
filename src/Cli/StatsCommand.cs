using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Grains.Interfaces;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache stats</c>: the cluster's members and the figures of the silo that answers.</summary>
internal static class StatsCommand
{
    public static Command Create(CommandContext context)
    {
        var cluster = ClusterOption.Create("Gateways of the cluster (HOST:PORT[,HOST:PORT...]); also ESMCACHE_CLUSTER, with ESMCACHE_CLUSTER_ID and ESMCACHE_SERVICE_ID.");
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("stats", "Show a cluster's members and the cache figures of each gateway silo (hits, misses, generations, memory).\n\n" +
            "Example:\n  esmcache stats --cluster build-cache:30000\n" + ExitCodes.Help)
        {
            cluster, json,
        };
        command.SetAction(async result =>
        {
            string? gateways = result.GetValue(cluster) ?? context.Variable("ESMCACHE_CLUSTER");
            if (string.IsNullOrWhiteSpace(gateways))
            {
                context.Error.WriteLine("esmcache: stats needs a cluster: --cluster HOST:PORT or ESMCACHE_CLUSTER");
                return ExitCodes.InputError;
            }

            if (!GatewayAddress.TryParseList(gateways, out var endpoints, out string error))
            {
                throw new UsageException($"ESMCACHE_CLUSTER: {error}");
            }

            ClusterStats stats;
            try
            {
                stats = await ClusterStats.ReadAsync(endpoints, ClusterIdentity.FromSettings(context.Variable),
                    ClusterTls.FromSettings(name => context.Variable(name) is { } path ? context.FullPath(path) : null));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or System.Net.Sockets.SocketException or ArgumentException)
            {
                context.Error.WriteLine($"esmcache: cannot reach the cluster at {gateways}: {e.Message}");
                return ExitCodes.InputError;
            }

            if (result.GetValue(json))
            {
                StatsView.WriteJson(stats, context.Out);
            }
            else
            {
                StatsView.WriteTables(stats, context.CreateConsole());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
