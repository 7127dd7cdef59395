using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using EsmCacheCluster.Hosting;
using Orleans.TestingHost;

namespace EsmCacheCluster.Tests.Cluster;

[Trait("Category", "Integration")]
public sealed class ModuleCacheClientTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Concurrent_requests_for_one_hash_make_one_cluster_request()
    {
        await using var client = new ModuleCacheClient(fixture.Cluster.Client);
        var source = Sources.Module(1, "-dedup");
        long before = fixture.Generations;

        var fetches = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetAsync(source)));

        // One lookup by hash and one upload for the miss: two calls, however many callers.
        Assert.Equal(2, client.Stats.ClusterCalls);
        Assert.Equal(99, client.Stats.Deduplicated);
        Assert.Equal(1, fixture.Generations - before);
        Assert.All(fetches, f => Assert.Equal(source.Hash, f.Record.SourceHash));
    }

    [Fact]
    public async Task Many_modules_are_batched_into_few_calls()
    {
        await using var client = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { MaxBatchSize = 256 });
        var sources = Enumerable.Range(0, 600).Select(n => Sources.Module(n, "-batch")).ToArray();

        var cold = await client.GetManyAsync(sources);
        long coldCalls = client.Stats.ClusterCalls;
        var warm = await client.GetManyAsync(sources);

        // ~3 batches of 256, never 600 calls: each batch a lookup and an upload, or one call with the sources once the
        // batches before it missed (how many went out before the first answer depends on timing: 4 to 6 calls).
        Assert.InRange(coldCalls, 3, 2 * 8);
        Assert.InRange(client.Stats.ClusterCalls - coldCalls, 3, 8); // warm: lookups only
        Assert.Equal(600, cold.Count(f => f.Origin == FetchOrigin.ClusterGenerated));
        Assert.All(warm, f => Assert.Equal(FetchOrigin.Cluster, f.Origin));
        Assert.Equal(cold.Select(f => f.Record.SourceHash), sources.Select(s => s.Hash));
    }

    [Fact]
    public async Task Batches_are_bounded_by_the_bytes_they_may_upload()
    {
        const int maxBatchBytes = 64 * 1024;
        await using var client = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { MaxBatchSize = 256, MaxBatchBytes = maxBatchBytes });
        string padding = "// " + new string('x', 10_000) + "\n";
        var sources = Enumerable.Range(0, 40).Select(n => ModuleSource.Of(System.Text.Encoding.UTF8.GetBytes($"export const n = {n}; // -bytes\n{padding}"))).ToArray();
        long total = sources.Sum(s => (long)s.Bytes.Length);

        var fetches = await client.GetManyAsync(sources);

        // Each batch carries at most 64 KB of sources, so 400 KB take at least seven batches (a call or two each).
        Assert.True(client.Stats.ClusterCalls >= (total + maxBatchBytes - 1) / maxBatchBytes, $"{client.Stats.ClusterCalls} calls for {total} bytes");
        Assert.All(fetches, f => Assert.Equal(FetchOrigin.ClusterGenerated, f.Origin));
    }

    [Fact]
    public async Task A_warm_local_cache_needs_no_cluster_at_all()
    {
        using var local = new TempDirectory();
        var sources = Enumerable.Range(0, 40).Select(n => Sources.Module(n, "-local")).ToArray();
        await using (var first = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { LocalCacheDirectory = local.Path }))
        {
            await first.GetManyAsync(sources);
        }

        await using var offline = new ModuleCacheClient(cluster: null, new ModuleCacheClientOptions { LocalCacheDirectory = local.Path, LocalGenerator = AnalysisGenerator.Instance });
        var fetches = await offline.GetManyAsync(sources);
        Assert.All(fetches, f => Assert.Equal(FetchOrigin.LocalCache, f.Origin));
        Assert.Equal(0, offline.Stats.ClusterCalls);
    }

    [Fact]
    public async Task A_corrupt_local_cache_entry_is_not_used()
    {
        using var local = new TempDirectory();
        var source = Sources.Module(5, "-badlocal");
        var directory = new BmesDirectory(local.Path);
        directory.Write(source.Hash, "BMES but not really"u8);
        await using var client = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { LocalCacheDirectory = local.Path });
        var fetch = await client.GetAsync(source);
        Assert.NotEqual(FetchOrigin.LocalCache, fetch.Origin);
        Assert.Equal(source.Hash, fetch.Record.SourceHash);
    }

    [Fact]
    public async Task Bytecode_requests_get_the_full_blob_once_and_then_read_it_locally()
    {
        using var local = new TempDirectory();
        var source = Sources.Module(6, "-bytecode");
        await using var client = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { LocalCacheDirectory = local.Path });
        var fetches = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetWithBytecodeAsync(source)));
        Assert.All(fetches, f => Assert.True(f.Record.HasBytecode, f.Record.BytecodeNote));
        Assert.Equal(1, client.Stats.ClusterCalls);
        Assert.Equal(FetchOrigin.LocalCache, (await client.GetWithBytecodeAsync(source)).Origin);
    }

    [Fact]
    public async Task A_module_the_cluster_refuses_is_a_typed_rejection_for_a_client_without_local_analysis()
    {
        await using var client = new ModuleCacheClient(fixture.Cluster.Client);
        var big = ModuleSource.Of(new byte[2 * 1024 * 1024]); // the fixture's silos take 1 MiB
        var e = await Assert.ThrowsAsync<ModuleRejectedException>(() => client.GetAsync(big));
        Assert.Equal(RejectionReason.SourceTooLarge, e.Rejection.Reason);

        // With local analysis the build goes on: the module is analysed here.
        await using var withFallback = new ModuleCacheClient(fixture.Cluster.Client, new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance });
        Assert.Equal(FetchOrigin.LocalFallback, (await withFallback.GetAsync(big)).Origin);
    }
}

/// <summary>Clusters of their own: these tests kill and stop silos.</summary>
[Trait("Category", "Integration")]
public sealed class ClusterFailureTests
{
    [Fact]
    public async Task When_the_cluster_is_down_the_client_analyses_locally_and_says_so()
    {
        await using var cluster = await OneSiloAsync();
        await using var client = new ModuleCacheClient(cluster.Client, new ModuleCacheClientOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50), LocalGenerator = AnalysisGenerator.Instance });
        await cluster.StopAllSilosAsync();

        var source = Sources.Module(1, "-down");
        var fetch = await client.GetAsync(source).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(FetchOrigin.LocalFallback, fetch.Origin);
        Assert.Equal(source.Hash, fetch.Record.SourceHash);
        Assert.Equal(1, client.Stats.Fallbacks);
    }

    [Fact]
    public async Task Bytecode_requests_to_a_failing_cluster_stop_asking_once_the_breaker_opens()
    {
        await using var cluster = await OneSiloAsync();
        using var generator = new EsmCacheCluster.Generation.ModuleGenerator();
        await using var client = new ModuleCacheClient(cluster.Client, new ModuleCacheClientOptions
        {
            MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50), CircuitBreakDuration = TimeSpan.FromMinutes(10), LocalGenerator = generator,
        });
        await cluster.StopAllSilosAsync();

        for (int i = 0; i < 5; i++)
        {
            var fetch = await client.GetWithBytecodeAsync(Sources.Module(i, "-blob-breaker")).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(FetchOrigin.LocalFallback, fetch.Origin);
        }

        // The first module's attempts, then none: each later module did not wait out attempts of its own.
        Assert.Equal(2, client.Stats.ClusterCalls);
    }

    /// <summary>A deployed one-silo cluster (in-memory storage) whose client gives up on a dead silo quickly.</summary>
    private static async Task<TestCluster> OneSiloAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<InMemorySilo>();
        builder.AddClientBuilderConfigurator<ClusterFixture.FastFailClient>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task An_unreachable_cluster_fails_to_connect_within_the_timeout_and_the_client_falls_back()
    {
        int deadPort = LoopbackPort.Free();
        // The connect gives up by its own timeout (the test's bound only keeps a defect from hanging the run).
        var connect = ClusterConnection.ConnectAsync([new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, deadPort)], connectTimeout: TimeSpan.FromSeconds(2));
        Assert.Same(connect, await Task.WhenAny(connect, Task.Delay(TimeSpan.FromMinutes(2))));
        await Assert.ThrowsAsync<TimeoutException>(() => connect);

        await using var client = new ModuleCacheClient(
            async () => (await ClusterConnection.ConnectAsync([new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, deadPort)], connectTimeout: TimeSpan.FromSeconds(1))).Client,
            new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance });
        var fetches = await client.GetManyAsync(Enumerable.Range(0, 20).Select(n => Sources.Module(n, "-unreachable")).ToArray());
        Assert.All(fetches, f => Assert.Equal(FetchOrigin.LocalFallback, f.Origin));
    }

    [Fact]
    public async Task A_silo_killed_mid_load_loses_no_records()
    {
        using var storage = new TempDirectory();
        var builder = new TestClusterBuilder(3);
        builder.Properties["StorageRoot"] = storage.Path;
        builder.AddSiloBuilderConfigurator<ClusterFixture.LocalFolderSilo>();
        builder.AddClientBuilderConfigurator<ClusterFixture.FastFailClient>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var options = new ModuleCacheClientOptions { MaxBatchSize = 32, FallbackToLocal = false, MaxAttempts = 8, RetryDelay = TimeSpan.FromMilliseconds(250) };
        await using var client = new ModuleCacheClient(cluster.Client, options);
        var sources = Enumerable.Range(0, 1500).Select(n => Sources.Module(n, "-kill")).ToArray();

        var tasks = sources.Select(s => client.GetAsync(s)).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (tasks.Count(t => t.IsCompleted) < sources.Length / 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        int doneAtKill = tasks.Count(t => t.IsCompleted);
        Assert.True(doneAtKill < sources.Length, "the load finished before the silo was killed");
        var fetches = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.DoesNotContain(fetches, f => f.Origin == FetchOrigin.LocalFallback);
        Assert.Equal(sources.Select(s => s.Hash), fetches.Select(f => f.Record.SourceHash));

        // Every record is in the cluster's storage: a fresh look-up by hash finds it without uploading a source.
        foreach (var source in sources)
        {
            Assert.NotNull(await cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash)).GetAsync());
        }
    }

    public sealed class InMemorySilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddModuleCache().AddMemoryGrainStorage(ModuleCacheStorage.Name);
    }
}
