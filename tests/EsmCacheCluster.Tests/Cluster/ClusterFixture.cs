using EsmCacheCluster.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>A three-silo in-process cluster sharing one local-folder store; one per test class that uses it.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;

    private readonly TempDirectory _storage = new();

    public TestCluster Cluster { get; private set; } = null!;

    public string StorageRoot => _storage.Path;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(Silos);
        builder.Properties["StorageRoot"] = _storage.Path;
        builder.AddSiloBuilderConfigurator<LocalFolderSilo>();
        builder.AddClientBuilderConfigurator<FastFailClient>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Total generations over all silos of the cluster.</summary>
    public long Generations => Metrics().Sum(m => m.Generations);

    public IEnumerable<CacheMetrics> Metrics() =>
        Cluster.Silos.OfType<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<CacheMetrics>());

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _storage.Dispose();
    }

    public sealed class LocalFolderSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddModuleCache(o => o.MaxSourceBytes = 1024 * 1024)
                .AddLocalFolderModuleStorage(siloBuilder.Configuration["StorageRoot"]!)
                .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    public sealed class FastFailClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}
