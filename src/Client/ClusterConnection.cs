using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace EsmCacheCluster.Client;

/// <summary>Connects an Orleans client to module cache silos by their gateway endpoints.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>
    /// Looks the gateways' hosts up, then connects as <see cref="ConnectAsync(IReadOnlyList{IPEndPoint}, string, string, TimeSpan?, TimeSpan?, ClusterTls?, CancellationToken)"/>.
    /// A host that does not resolve throws a <see cref="System.Net.Sockets.SocketException"/>: for a caller, a cluster that cannot be reached.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(
        IReadOnlyList<GatewayAddress> gateways,
        ClusterIdentity? identity = null,
        ClusterTls? tls = null,
        CancellationToken cancellationToken = default)
    {
        var endpoints = new IPEndPoint[gateways.Count];
        for (int i = 0; i < endpoints.Length; i++)
        {
            endpoints[i] = await gateways[i].ResolveAsync(cancellationToken).ConfigureAwait(false);
        }

        identity ??= ClusterIdentity.Default;
        return await ConnectAsync(endpoints, identity.ClusterId, identity.ServiceId, tls: tls, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ClusterConnection> ConnectAsync(
        IReadOnlyList<IPEndPoint> gateways,
        string clusterId = "esmcache",
        string serviceId = "esmcache",
        TimeSpan? responseTimeout = null,
        TimeSpan? connectTimeout = null,
        ClusterTls? tls = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.ToArray());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(10));
            if (tls is not null)
            {
                client.UseTls(tls.Apply);
            }
        });
        var host = builder.Build();

        // Orleans keeps retrying an unreachable gateway for minutes; a build should not wait that long for a cache.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout ?? TimeSpan.FromSeconds(5));
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException($"No gateway of {string.Join(", ", gateways)} answered within {(connectTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds:0.#} s.");
        }

        return new ClusterConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
