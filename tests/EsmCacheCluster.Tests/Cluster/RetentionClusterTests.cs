using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.TestingHost;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>
/// Retention against real storage: Azure Blob (Azurite) keeps exactly the most recently read blobs under the cap and
/// records reads in metadata on the blobs Orleans really writes; in a two-silo cluster the sweeper runs on one silo,
/// one sweep at a time, and never deletes a module just generated.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RetentionClusterTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Azure_blob_keeps_exactly_the_most_recently_read_blobs_under_the_cap()
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("retention-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateAsync();
        var names = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            var grainId = GrainId.Create("modulecache", ContentHash.Compute(BitConverter.GetBytes(i)).ToString());
            string name = ModuleCacheStorage.BlobName(grainId);
            await container.GetBlobClient(name).UploadAsync(new BinaryData(new byte[1000]), new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [AzureBlobCatalog.LastReadKey] = Now.AddHours(-2 - i).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
            names.Add(name);
        }

        await container.GetBlobClient("unrelated.txt").UploadAsync(new BinaryData(new byte[50_000]));

        // The blobs were all uploaded just now: MinAge 0 lets their recorded reads decide. The sweep runs a little later
        // than the uploads (storage's times have whole seconds; a change "after" the sweep's clock is never deleted).
        var catalog = new AzureBlobCatalog(container);
        var sweepAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var swept = await RetentionSweep.RunAsync(catalog, new RetentionOptions { MaxBytes = 7_500, MinAge = TimeSpan.Zero }, sweepAt, CancellationToken.None);

        Assert.Equal((20, 20_000L, 13, 13_000L), swept);
        var left = new List<string>();
        await foreach (var item in container.GetBlobsAsync())
        {
            left.Add(item.Name);
        }

        Assert.Equal(names[..7].Append("unrelated.txt").Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_read_is_recorded_on_the_blob_orleans_writes_at_most_daily()
    {
        const string containerName = "bmes-retention";
        var source = Sources.Module(7, "-retention");
        var grainKey = ModuleKey.Of(source.Hash);
        await using (var cluster = await StartAzureClusterAsync(containerName))
        {
            await cluster.Client.GetGrain<IModuleCacheGrain>(grainKey).GetOrAddAsync(source.Bytes.AsImmutable());
            await cluster.StopAllSilosAsync();
        }

        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(containerName);
        var blob = container.GetBlobClient(ModuleCacheStorage.BlobName(GrainId.Create("modulecache", grainKey)));
        Assert.True((await blob.ExistsAsync()).Value, "the module's blob is not where ModuleCacheStorage.BlobName says");
        var threeDaysAgo = Now.AddDays(-3).ToUnixTimeSeconds();
        await blob.SetMetadataAsync(new Dictionary<string, string> { [AzureBlobCatalog.LastReadKey] = threeDaysAgo.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        await using (var cluster = await StartAzureClusterAsync(containerName))
        {
            Assert.NotNull(await cluster.Client.GetGrain<IModuleCacheGrain>(grainKey).GetAsync()); // activation reads the blob
            var deadline = DateTime.UtcNow.AddSeconds(20);
            long recorded = threeDaysAgo;
            while (recorded == threeDaysAgo && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                recorded = long.Parse((await blob.GetPropertiesAsync()).Value.Metadata[AzureBlobCatalog.LastReadKey], System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.True(recorded >= Now.AddMinutes(-1).ToUnixTimeSeconds(), $"last read still {DateTimeOffset.FromUnixTimeSeconds(recorded)}");
            await cluster.StopAllSilosAsync();
        }
    }

    [Fact]
    public async Task One_sweeper_per_cluster_one_sweep_at_a_time_and_a_module_just_generated_stays()
    {
        using var storage = new TempDirectory();
        var builder = new TestClusterBuilder(2);
        builder.Properties["StorageRoot"] = storage.Path;
        builder.AddSiloBuilderConfigurator<RetentionSilo>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            // Old modules, last read two days ago; then a new one generated now.
            var directory = new BmesDirectory(storage.Path);
            var old = Enumerable.Range(0, 5).Select(n => Sources.Module(n, "-old")).ToArray();
            foreach (var source in old)
            {
                await cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash)).GetOrAddAsync(source.Bytes.AsImmutable());
                File.SetLastWriteTimeUtc(directory.PathOf(source.Hash), DateTime.UtcNow.AddDays(-2));
            }

            var fresh = Sources.Module(99, "-fresh");
            await cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(fresh.Hash)).GetOrAddAsync(fresh.Bytes.AsImmutable());

            // Asked through both silos at once: one activation answers them all, one sweep after another.
            var clients = cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>()).ToArray();
            var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => clients[i % clients.Length].GetGrain<IRetentionSweeperGrain>(0).SweepAsync()));

            Assert.Single(reports.Select(r => r.Silo).Distinct());
            var ordered = reports.OrderBy(r => r.Started).ToArray();
            for (int i = 1; i < ordered.Length; i++)
            {
                Assert.True(ordered[i].Started >= ordered[i - 1].Finished, $"sweeps overlapped: {ordered[i - 1]} and {ordered[i]}");
            }

            Assert.Equal(old.Length, reports.Sum(r => r.Deleted));
            Assert.All(old, source => Assert.False(File.Exists(directory.PathOf(source.Hash))));
            Assert.True(File.Exists(directory.PathOf(fresh.Hash)), "the module generated just now was swept");
            Assert.Equal(old.Length, cluster.Silos.OfType<InProcessSiloHandle>().Sum(s => s.SiloHost.Services.GetRequiredService<CacheMetrics>().EvictedBlobs));
        }
        finally
        {
            await cluster.StopAllSilosAsync();
        }
    }

    private async Task<TestCluster> StartAzureClusterAsync(string container)
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["Azure"] = azurite.ConnectionString;
        builder.Properties["Container"] = container;
        builder.AddSiloBuilderConfigurator<AzureSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public sealed class AzureSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddModuleCache().AddAzureBlobModuleStorage(siloBuilder.Configuration["Azure"]!, siloBuilder.Configuration["Container"]!);
    }

    public sealed class RetentionSilo : ISiloConfigurator
    {
        // A cap of one byte: everything old goes; the timer's interval is long, so only the test's sweeps run.
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddModuleCache()
                .AddLocalFolderModuleStorage(siloBuilder.Configuration["StorageRoot"]!)
                .AddModuleRetention(new RetentionOptions { MaxBytes = 1, SweepInterval = TimeSpan.FromHours(1) });
    }
}
