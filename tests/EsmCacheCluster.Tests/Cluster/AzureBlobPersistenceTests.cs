using Azure.Storage.Blobs;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.TestingHost;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>Persistence through the real Azure Blob API (Azurite): stored blobs are exactly BMES and survive the cluster.</summary>
[Trait("Category", "Integration")]
public sealed class AzureBlobPersistenceTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Container = "bmes-test";

    private async Task<TestCluster> StartClusterAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties["Azure"] = azurite.ConnectionString;
        builder.AddSiloBuilderConfigurator<AzureSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static long Generations(TestCluster cluster) =>
        cluster.Silos.OfType<InProcessSiloHandle>().Sum(s => s.SiloHost.Services.GetRequiredService<CacheMetrics>().Generations);

    private static long Corrupt(TestCluster cluster) =>
        cluster.Silos.OfType<InProcessSiloHandle>().Sum(s => s.SiloHost.Services.GetRequiredService<CacheMetrics>().CorruptBlobs);

    [Fact]
    public async Task Records_survive_a_full_cluster_restart_byte_identical_without_regeneration()
    {
        var sources = Enumerable.Range(0, 30).Select(n => Sources.Module(n, "-azure")).ToArray();
        var before = new Dictionary<ContentHash, byte[]>();
        await using (var cluster = await StartClusterAsync(2))
        {
            foreach (var source in sources)
            {
                var grain = cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
                before[source.Hash] = (await grain.GetOrAddBlobAsync(source.Bytes.AsImmutable())).Value;
            }

            Assert.Equal(sources.Length, Generations(cluster)); // record and bytecode in one generation
            await cluster.StopAllSilosAsync();
        }

        // The stored blob is exactly the BMES bytes.
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Container);
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        var stored = names.Single(n => n.Contains(ModuleKey.Of(sources[0].Hash), StringComparison.Ordinal));
        var raw = (await container.GetBlobClient(stored).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(before[sources[0].Hash], raw);

        await using (var cluster = await StartClusterAsync(2))
        {
            foreach (var source in sources)
            {
                var grain = cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
                var blob = await grain.GetBlobAsync();
                Assert.Equal(before[source.Hash], blob!.Value.Value);
                Assert.NotNull(await grain.GetAsync());
            }

            Assert.Equal(0, Generations(cluster));
            await cluster.StopAllSilosAsync();
        }
    }

    [Fact]
    public async Task A_corrupted_stored_blob_is_never_served_and_is_regenerated()
    {
        var source = Sources.Module(7, "-corrupt");
        await using var cluster = await StartClusterAsync(1);
        var grain = cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash));
        var good = (await grain.GetOrAddAsync(source.Bytes.AsImmutable())).Record;

        // Flip one byte of the stored blob behind the cluster's back, then make the grain load it again.
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(Container);
        string name = "";
        await foreach (var item in container.GetBlobsAsync())
        {
            if (item.Name.Contains(ModuleKey.Of(source.Hash), StringComparison.Ordinal))
            {
                name = item.Name;
            }
        }

        var blobClient = container.GetBlobClient(name);
        var bytes = (await blobClient.DownloadContentAsync()).Value.Content.ToArray();
        bytes[Bmes.FixedHeaderSize + 6] ^= 0x20;
        await blobClient.UploadAsync(new BinaryData(bytes), overwrite: true);
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Null(await grain.GetAsync());
        Assert.Equal(1, Corrupt(cluster));
        var regenerated = await grain.GetOrAddAsync(source.Bytes.AsImmutable());
        Assert.True(regenerated.Generated);
        Assert.Equal(good.LocalExportEntries.ToArray(), regenerated.Record.LocalExportEntries.ToArray());
        var repaired = (await blobClient.DownloadContentAsync()).Value.Content.ToArray();
        Assert.True(Bmes.Validate(repaired).IsValid);
        await cluster.StopAllSilosAsync();
    }

    public sealed class AzureSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddModuleCache().AddAzureBlobModuleStorage(siloBuilder.Configuration["Azure"]!, Container);
    }
}
