using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Grains.Interfaces;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary><c>esmcache stats</c>: the cluster's members and the figures of the silo that answers.</summary>
internal static class StatsCommand
{
    public static Command Create()
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
            string? gateways = result.GetValue(cluster) ?? Environment.GetEnvironmentVariable("ESMCACHE_CLUSTER");
            if (string.IsNullOrWhiteSpace(gateways))
            {
                Console.Error.WriteLine("esmcache: stats needs a cluster: --cluster HOST:PORT or ESMCACHE_CLUSTER");
                return ExitCodes.InputError;
            }

            if (!GatewayAddress.TryParseList(gateways, out var endpoints, out string error))
            {
                throw new UsageException($"ESMCACHE_CLUSTER: {error}");
            }

            var rows = new List<SiloCacheStats>();
            Dictionary<SiloAddress, SiloStatus> members;
            try
            {
                var tls = ClusterTls.FromEnvironment(); // ESMCACHE_TLS_CERT, _KEY, _CA for a cluster that requires TLS
                var identity = ClusterIdentity.FromEnvironment();
                await using var connection = await ClusterConnection.ConnectAsync(endpoints, identity, tls);
                members = await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);

                // The stats grain answers for the silo it runs on: ask through each gateway separately.
                foreach (var endpoint in endpoints)
                {
                    await using var one = await ClusterConnection.ConnectAsync([endpoint], identity, tls);
                    rows.Add(await one.Client.GetGrain<ISiloStatsGrain>(0).GetAsync(collectGarbage: false));
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or System.Net.Sockets.SocketException or ArgumentException)
            {
                Console.Error.WriteLine($"esmcache: cannot reach the cluster at {gateways}: {e.Message}");
                return ExitCodes.InputError;
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    members = members.ToDictionary(m => m.Key.ToString(), m => m.Value.ToString()),
                    silos = rows,
                }));
                return ExitCodes.Success;
            }

            var membersTable = new Table().AddColumn("silo").AddColumn("status");
            foreach (var (address, status) in members)
            {
                membersTable.AddRow(address.ToString(), status.ToString());
            }

            AnsiConsole.Write(membersTable);
            // One column per silo, one row per figure: fits a narrow terminal or a CI log.
            var table = new Table().AddColumn("figure");
            foreach (var silo in rows)
            {
                table.AddColumn(new TableColumn(silo.Silo).RightAligned());
            }

            foreach (var (name, value) in (ReadOnlySpan<(string, Func<SiloCacheStats, string>)>)
            [
                ("hits", s => $"{s.Hits:N0}"), ("misses", s => $"{s.Misses:N0}"), ("generations", s => $"{s.Generations:N0}"),
                ("rejected uploads", s => $"{s.RejectedUploads:N0}"), ("corrupt blobs", s => $"{s.CorruptBlobs:N0}"),
                ("stale blobs", s => $"{s.StaleBlobs:N0}"), ("bytes served", s => $"{s.BytesServed:N0}"),
                ("active module grains", s => $"{s.ActiveRecords:N0}"), ("records in cache", s => $"{s.CachedRecords:N0}"),
                ("managed heap", s => $"{s.ManagedHeapBytes / 1e6:F0} MB"), ("working set", s => $"{s.WorkingSetBytes / 1e6:F0} MB"),
            ])
            {
                table.AddRow([name, .. rows.Select(value)]);
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
