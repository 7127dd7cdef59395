using System.Text.Json;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// A silo whose ClusterId and ServiceId are not the defaults (a staging cluster beside production in one storage
/// account) is reachable from the CLI that names them, and only from that one; and from a host through
/// <c>ModuleCache.ConnectAsync</c> with the identity in its options.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ClusterIdentityTests : IDisposable
{
    private readonly TempDirectory _storage = new();
    private readonly TempDirectory _tree = new();

    [Fact]
    public async Task The_cli_joins_a_cluster_by_the_identity_its_silos_have()
    {
        using var silo = PublishedSilo.Start(new Dictionary<string, string>
        {
            ["EsmCache__StoragePath"] = _storage.Path,
            ["EsmCache__ClusterId"] = "soak",
            ["EsmCache__ServiceId"] = "esmcache-staging",
        });
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        _tree.Write("main.js", "import { x } from './x.js';\nexport default x;\n");
        _tree.Write("x.js", "export const x = 1;\n");

        (int ExitCode, string Output, string Errors) Scan(params string[] identity)
        {
            using var cache = new TempDirectory();
            return ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", .. identity, "dotnet", RepoPaths.Cli, "scan", _tree.Path, "--json",
                "--cache-dir", cache.Path, "--cluster", $"127.0.0.1:{silo.GatewayPort}"], TimeSpan.FromMinutes(2));
        }

        var named = Scan("ESMCACHE_CLUSTER_ID=soak", "ESMCACHE_SERVICE_ID=esmcache-staging");
        Assert.True(named.ExitCode == 0, named.Errors);
        Assert.Equal("", named.Errors);
        using (var json = JsonDocument.Parse(named.Output))
        {
            Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("generated").GetInt32());
        }

        // The default identity names another cluster: its gateway turns the client away, and the scan falls back.
        var unnamed = Scan();
        Assert.True(unnamed.ExitCode == 0, unnamed.Errors);
        Assert.Contains("analysing locally", unnamed.Errors);

        // A host's one call, with the identity in its options: connected now, records from the cluster.
        await using (var cache = await ModuleCache.ConnectAsync(new ModuleCacheOptions
        {
            Gateways = $"127.0.0.1:{silo.GatewayPort}", ClusterId = "soak", ServiceId = "esmcache-staging", LocalGenerator = AnalysisGenerator.Instance,
        }))
        {
            var source = ModuleSource.Of("export const facade = 1;\n"u8.ToArray());
            Assert.Equal(FetchOrigin.ClusterGenerated, (await cache.GetAsync(source)).Origin);
        }

        // Connecting now to a gateway that does not answer is an error then, not a fallback later.
        await Assert.ThrowsAsync<TimeoutException>(() => ModuleCache.ConnectAsync(new ModuleCacheOptions
        {
            Gateways = $"127.0.0.1:{EsmCacheCluster.Hosting.LoopbackPort.Free()}", LocalGenerator = AnalysisGenerator.Instance,
        }));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _tree.Dispose();
    }
}
