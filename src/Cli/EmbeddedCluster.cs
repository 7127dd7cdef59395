using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Cli;

/// <summary>
/// The embedded default: a one-silo cluster inside the esmcache process, storing blobs in the cache folder the
/// client also reads. Started only when the folder cannot answer; a warm run never starts it.
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static async Task<EmbeddedCluster> StartAsync(string cacheDirectory)
    {
        var settings = new SiloSettings
        {
            // Each process is its own cluster: concurrent esmcache runs share only the folder, which is safe
            // because writes are atomic and blobs are addressed by content.
            ClusterId = "esmcache-embedded-" + Environment.ProcessId,
            Storage = StorageKind.LocalFolder,
            StoragePath = cacheDirectory,
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseModuleCache(settings));
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new EmbeddedCluster(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        _host.Dispose();
    }
}
