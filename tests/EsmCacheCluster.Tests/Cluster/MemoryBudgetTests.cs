using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.TestingHost;

namespace EsmCacheCluster.Tests.Cluster;

[Trait("Category", "Integration")]
public sealed class MemoryBudgetTests
{
    private const long Budget = 64 * 1024;

    [Fact]
    public async Task Single_record_callers_past_the_budget_deactivate_the_least_recently_used_grains()
    {
        using var storage = new TempDirectory();
        await using var cluster = await StartAsync(storage.Path);
        var budget = Services(cluster).GetRequiredService<RecordBudget>();

        foreach (var source in Enumerable.Range(0, 600).Select(n => Sources.Module(n, "-single")))
        {
            await cluster.Client.GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Hash)).GetOrAddAsync(source.Bytes.AsImmutable());
        }

        await SettleAsync(budget);

        Assert.True(budget.Evictions > 0);
        Assert.InRange(budget.HeldBytes, 1, Budget);
        Assert.InRange(budget.ActiveRecords, 1, 599);
    }

    [Fact]
    public async Task Far_more_hashes_than_fit_leave_the_silo_within_its_budget()
    {
        using var storage = new TempDirectory();
        await using var cluster = await StartAsync(storage.Path);
        var services = Services(cluster);
        var budget = services.GetRequiredService<RecordBudget>();
        var cache = services.GetRequiredService<SiloRecordCache>();

        await using var client = new ModuleCacheClient(cluster.Client);
        var sources = Enumerable.Range(0, 2000).Select(n => Sources.Module(n, "-budget")).ToArray();
        var fetches = await client.GetManyAsync(sources);
        Assert.Equal(sources.Select(s => s.Hash), fetches.Select(f => f.Record.SourceHash)); // each answer is its own module's

        await SettleAsync(budget);

        // 2000 modules of ~300 bytes passed through 64 KB budgets: batch traffic leaves module grains idle and
        // gone, the record cache keeps what fits.
        Assert.InRange(budget.HeldBytes, 0, Budget);
        Assert.InRange(budget.ActiveRecords, 0, 1000);
        Assert.InRange(cache.Bytes, 1, Budget);
        Assert.InRange(cache.Count, 1, 1000);

        // Evicted records are still served: from storage, without regeneration.
        long generations = services.GetRequiredService<CacheMetrics>().Generations;
        var again = await client.GetManyAsync(sources[..50]);
        Assert.All(again, f => Assert.NotEqual(FetchOrigin.ClusterGenerated, f.Origin));
        Assert.Equal(generations, services.GetRequiredService<CacheMetrics>().Generations);
    }

    /// <summary>A one-silo cluster with 64 KB budgets, storing under <paramref name="storageRoot"/>.</summary>
    private static async Task<TestCluster> StartAsync(string storageRoot)
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["StorageRoot"] = storageRoot;
        builder.AddSiloBuilderConfigurator<SmallBudgetSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static IServiceProvider Services(TestCluster cluster) => ((InProcessSiloHandle)cluster.Primary!).SiloHost.Services;

    /// <summary>Evictions are deactivations, which Orleans runs asynchronously: give them a moment to finish.</summary>
    private static async Task SettleAsync(RecordBudget budget)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (budget.HeldBytes > Budget && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    public sealed class SmallBudgetSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddModuleCache(o =>
                {
                    o.MaxHeldBytes = Budget;
                    o.RecordCacheBytes = Budget;
                })
                .AddLocalFolderModuleStorage(siloBuilder.Configuration["StorageRoot"]!);
    }
}
