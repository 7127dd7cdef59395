using System.Net;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace EsmCacheCluster.Hosting;

/// <summary>Builds a module cache silo from <see cref="SiloSettings"/>: the silo host and the embedded silo share it.</summary>
public static class SiloHosting
{
    public static SiloSettings ReadSettings(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        configuration.GetSection(SiloSettings.Section).Bind(settings);
        return settings;
    }

    /// <summary>Configures the silo; throws <see cref="InvalidOperationException"/> listing every bad setting.</summary>
    public static ISiloBuilder UseModuleCache(this ISiloBuilder silo, SiloSettings settings)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid silo configuration:\n  " + string.Join("\n  ", problems));
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });

        var advertised = IPAddress.Parse(settings.AdvertisedAddress);
        silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, settings.ListenOnAnyAddress);
        if (settings.Clustering == "AzureTable")
        {
            silo.UseAzureStorageClustering(o => o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(settings.ClusteringConnectionString));
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
        }

        if (settings.Storage == "AzureBlob")
        {
            silo.AddAzureBlobModuleStorage(settings.StorageConnectionString!, settings.StorageContainer);
        }
        else
        {
            silo.AddLocalFolderModuleStorage(settings.StoragePath ?? BmesDirectory.DefaultRoot());
        }

        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout);
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = settings.IdleCollectionAge;
            o.EnableActivationSheddingOnMemoryPressure = true;
        });

        var cache = settings.Cache;
        return silo.AddModuleCache(o =>
        {
            o.MaxSourceBytes = cache.MaxSourceBytes;
            o.MaxHeldBytes = cache.MaxHeldBytes;
            o.RecordCacheBytes = cache.RecordCacheBytes;
            o.GenerationConcurrency = cache.GenerationConcurrency;
        });
    }
}
