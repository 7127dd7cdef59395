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

    /// <summary>Parses <c>host:port[,host:port...]</c>; host names are resolved, IPv6 literals go in brackets.</summary>
    public static IReadOnlyList<IPEndPoint> ParseGateways(string gateways)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var part in gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPEndPoint.TryParse(part, out var endpoint) && endpoint.Port != 0)
            {
                endpoints.Add(endpoint);
                continue;
            }

            int colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part[(colon + 1)..], out int port) || port is < 1 or > 65535)
            {
                throw new FormatException($"'{part}' is not a gateway address (HOST:PORT).");
            }

            var address = Dns.GetHostAddresses(part[..colon]).FirstOrDefault()
                ?? throw new FormatException($"'{part[..colon]}' does not resolve to an address.");
            endpoints.Add(new IPEndPoint(address, port));
        }

        return endpoints.Count > 0 ? endpoints : throw new FormatException("No gateway address given.");
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
