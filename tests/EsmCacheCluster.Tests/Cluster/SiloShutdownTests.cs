using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// SIGTERM, as Kubernetes stops a pod: the published silo exits 0 within its ShutdownTimeout plus 5 s, with its
/// defaults and also when the storage or the membership table it uses is gone (Azurite killed before the stop).
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SiloShutdownTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigterm_stops_a_silo_within_its_shutdown_timeout_also_when_storage_or_membership_is_gone()
    {
        using var storage = new TempDirectory();
        var azurite = new Azurite();
        await azurite.InitializeAsync();
        var silos = new List<(string Name, PublishedSilo Silo, TimeSpan Timeout)>();
        try
        {
            // Defaults: local-folder storage (in a folder of the test's), one-machine clustering, 30 s to stop.
            silos.Add(("defaults", PublishedSilo.Start(new Dictionary<string, string> { ["EsmCache__StoragePath"] = storage.Path }), new SiloSettings().ShutdownTimeout));

            // Shorter timeouts keep the test short; the bound is the silo's own timeout either way.
            var shortStop = TimeSpan.FromSeconds(10);
            silos.Add(("storage gone", PublishedSilo.Start(new Dictionary<string, string>
            {
                ["EsmCache__Storage"] = nameof(StorageKind.AzureBlob),
                ["EsmCache__StorageConnectionString"] = azurite.ConnectionString,
                ["EsmCache__ShutdownTimeout"] = shortStop.ToString(),
            }), shortStop));
            silos.Add(("membership gone", PublishedSilo.Start(new Dictionary<string, string>
            {
                ["EsmCache__ClusterId"] = "shutdown-" + Guid.NewGuid().ToString("N")[..8],
                ["EsmCache__Clustering"] = nameof(ClusteringKind.AzureTable),
                ["EsmCache__ClusteringConnectionString"] = azurite.ConnectionString,
                ["EsmCache__StoragePath"] = storage.Path,
                ["EsmCache__ShutdownTimeout"] = shortStop.ToString(),
            }), shortStop));
            await Task.WhenAll(silos.Select(s => s.Silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));

            azurite.Stop();
            await Task.Delay(TimeSpan.FromSeconds(2)); // let the silos notice

            var stops = await Task.WhenAll(silos.Select(s => Task.Run(() => (s.Name, s.Timeout, s.Silo, Result: s.Silo.Terminate(s.Timeout + Slack + TimeSpan.FromSeconds(30))))));
            foreach (var (name, timeout, silo, result) in stops)
            {
                Assert.True(result is not null, $"{name}: still running {timeout + Slack + TimeSpan.FromSeconds(30)} after SIGTERM\n{silo.Log}");
                Assert.True(result.Value.ExitCode == 0, $"{name}: exit code {result.Value.ExitCode}\n{silo.Log}");
                Assert.True(result.Value.Took <= timeout + Slack, $"{name}: took {result.Value.Took.TotalSeconds:0.0} s, more than {timeout.TotalSeconds} + {Slack.TotalSeconds} s\n{silo.Log}");
            }
        }
        finally
        {
            foreach (var (_, silo, _) in silos)
            {
                silo.Dispose();
            }

            await azurite.DisposeAsync();
        }
    }
}
