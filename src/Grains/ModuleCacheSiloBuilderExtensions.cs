using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>Wiring of the module cache into a silo: the same for the silo host, the embedded silo and tests.</summary>
public static class ModuleCacheSiloBuilderExtensions
{
    private const string AzureProviderName = ModuleCacheStorage.Name + "-azure";

    public static ISiloBuilder AddModuleCache(this ISiloBuilder silo, Action<ModuleCacheOptions>? configure = null)
    {
        var options = silo.Services.AddOptions<ModuleCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        silo.Services.AddMetrics();
        silo.Services.AddSingleton<CacheMetrics>();
        silo.Services.AddSingleton<ModuleGenerationService>();
        silo.Services.AddSingleton<RecordBudget>();
        silo.Services.AddSingleton<SiloRecordCache>();
        return silo;
    }

    /// <summary>The embedded default: blobs as files under <paramref name="root"/>.</summary>
    public static ISiloBuilder AddLocalFolderModuleStorage(this ISiloBuilder silo, string root)
    {
        silo.Services.AddSingleton(services => new StorageBreaker(new LocalFolderGrainStorage(root), services.GetRequiredService<ILogger<StorageBreaker>>()));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ModuleCacheStorage.Name, (services, _) => services.GetRequiredService<StorageBreaker>());
        silo.Services.AddSingleton<IModuleBlobCatalog>(new LocalFolderBlobCatalog(root));
        return silo;
    }

    /// <summary>
    /// Node compile cache entries (<see cref="NodeEntryGrain"/>) made with the node binaries at <paramref name="nodePaths"/>,
    /// each probed when the silo starts, stored as files under <paramref name="storageRoot"/> or, with
    /// <paramref name="azureConnectionString"/>, as blobs of <paramref name="azureContainer"/>.
    /// </summary>
    public static ISiloBuilder AddNodeCompileCache(this ISiloBuilder silo, IReadOnlyList<string> nodePaths, string? storageRoot,
        string? azureConnectionString = null, string azureContainer = "bmes")
    {
        silo.Services.AddSingleton(new NodeRuntimeOptions { NodePaths = nodePaths });
        silo.Services.AddSingleton<NodeRuntimeService>();
        silo.Services.AddHostedService(services => services.GetRequiredService<NodeRuntimeService>());
        if (azureConnectionString is not null)
        {
            var client = new Azure.Storage.Blobs.BlobClientOptions();
            client.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
            client.Retry.MaxRetries = 1;
            return silo.AddAzureBlobGrainStorage(NodeEntryStorage.Name, options =>
            {
                options.BlobServiceClient = new Azure.Storage.Blobs.BlobServiceClient(azureConnectionString, client);
                options.ContainerName = azureContainer;
            });
        }

        silo.Services.AddKeyedSingleton<IGrainStorage>(NodeEntryStorage.Name, (_, _) => new NodeEntryFolderStorage(storageRoot ?? Format.BmesDirectory.DefaultRoot()));
        return silo;
    }

    /// <summary>
    /// Retention: the cluster's sweeper (<see cref="RetentionSweeperGrain"/>), kept running by every silo, deletes
    /// stored blobs past <paramref name="options"/>. For shared silos; the embedded one's folder is the client's, which
    /// the client prunes itself.
    /// </summary>
    public static ISiloBuilder AddModuleRetention(this ISiloBuilder silo, RetentionOptions options)
    {
        silo.Services.Configure<RetentionOptions>(o =>
        {
            o.MaxAge = options.MaxAge;
            o.MaxBytes = options.MaxBytes;
            o.SweepInterval = options.SweepInterval;
            o.MinAge = options.MinAge;
        });
        silo.Services.AddHostedService<RetentionStarter>();
        return silo;
    }

    /// <summary>Azure Blob Storage: one blob per module, exactly its BMES bytes.</summary>
    public static ISiloBuilder AddAzureBlobModuleStorage(this ISiloBuilder silo, string connectionString, string container = "bmes")
    {
        // Bounded storage calls: the SDK's default waits 100 s per try. A write that hangs holds its module
        // grain (and every batch waiting on it) far past the callers' 10 s response timeout; failing within
        // seconds lets the request fail, be retried, and the cluster go on.
        var client = new Azure.Storage.Blobs.BlobClientOptions();
        client.Retry.Mode = Azure.Core.RetryMode.Exponential;
        client.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
        client.Retry.MaxRetries = 1;
        client.Retry.Delay = TimeSpan.FromMilliseconds(200);
        client.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        var service = new Azure.Storage.Blobs.BlobServiceClient(connectionString, client);
        silo.Services.AddSingleton<IModuleBlobCatalog>(new AzureBlobCatalog(service.GetBlobContainerClient(container)));
        // The grains' provider is the breaker; Orleans' Azure provider (with its start-up work) sits behind it.
        silo.Services.AddSingleton(services => new StorageBreaker(
            services.GetRequiredKeyedService<IGrainStorage>(AzureProviderName), services.GetRequiredService<ILogger<StorageBreaker>>()));
        silo.Services.AddKeyedSingleton<IGrainStorage>(ModuleCacheStorage.Name, (services, _) => services.GetRequiredService<StorageBreaker>());
        return silo.AddAzureBlobGrainStorage(AzureProviderName, options =>
        {
            options.BlobServiceClient = service;
            options.ContainerName = container;
            options.GrainStorageSerializer = new RawBmesStorageSerializer();
        });
    }
}
