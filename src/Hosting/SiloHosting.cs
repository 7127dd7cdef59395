using System.Net;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EsmCacheCluster.Hosting;

/// <summary>Builds a module cache silo from <see cref="SiloSettings"/>: the silo host and the embedded silo share it.</summary>
public static class SiloHosting
{
    /// <summary>
    /// The settings in <paramref name="configuration"/>; throws <see cref="InvalidOperationException"/> naming the
    /// setting when a value cannot be read as its type (an unknown storage kind, a port that is not a number).
    /// </summary>
    public static SiloSettings ReadSettings(IConfiguration configuration)
    {
        var settings = new SiloSettings();
        configuration.GetSection(SiloSettings.Section).Bind(settings);
        return settings;
    }

    /// <summary>
    /// Registers the settings of <paramref name="configuration"/> as options checked by <see cref="SiloSettingsValidator"/>
    /// when the host starts (<c>ValidateOnStart</c>): a bad setting stops the silo before it joins a cluster.
    /// </summary>
    public static IServiceCollection AddSiloSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<SiloSettings>, SiloSettingsValidator>();
        services.AddOptions<SiloSettings>().Bind(configuration.GetSection(SiloSettings.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>Configures the silo; throws <see cref="InvalidOperationException"/> listing every bad setting.</summary>
    public static ISiloBuilder UseModuleCache(this ISiloBuilder silo, SiloSettings settings)
    {
        var problems = SiloSettingsValidator.Problems(settings);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid silo configuration:\n  " + string.Join("\n  ", problems));
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });

        if (settings.Tls.Enabled)
        {
            var tls = EsmCacheCluster.Client.ClusterTls.Load(settings.Tls.CertificatePath!, settings.Tls.KeyPath, settings.Tls.AuthoritiesPath!);
            silo.UseTls(tls.Apply);

            // After the handshake (registered after UseTls): the silo-to-silo port admits silos only. The CA alone
            // cannot say so when it signs agents' certificates too; a certificate not allowed to serve TLS can.
            silo.Configure<SiloConnectionOptions>(o => o.ConfigureSiloInboundConnection(connection => connection.Use(next => context =>
            {
                if (context.Features.Get<Orleans.Connections.Security.ITlsConnectionFeature>()?.RemoteCertificate is { } peer
                    && EsmCacheCluster.Client.ClusterTls.AllowsServerAuth(peer))
                {
                    return next(context);
                }

                context.Abort();
                return Task.CompletedTask;
            })));
        }

        var advertised = IPAddress.Parse(settings.AdvertisedAddress);
        silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, settings.ListenOnAnyAddress);
        if (settings.Clustering == ClusteringKind.AzureTable)
        {
            silo.UseAzureStorageClustering(o => o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(settings.ClusteringConnectionString));
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
        }

        if (settings.Storage == StorageKind.AzureBlob)
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

        silo.AddNodeCompileCache(settings.NodeRuntimes, settings.StoragePath,
            settings.Storage == StorageKind.AzureBlob ? settings.StorageConnectionString : null, settings.StorageContainer);
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
