using EsmCacheCluster.Client;
using EsmCacheCluster.Format;
using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Where records come from for one command: the local cache folder first, then the embedded silo (default), a
/// remote cluster (<c>--cluster</c> or ESMCACHE_CLUSTER), or no cache at all (<c>--no-cache</c>).
/// </summary>
internal sealed class CacheSession : IAsyncDisposable
{
    // Warnings (the cluster cannot be used, modules analysed locally) go to stderr, so a build log shows them.
    // Made on the first warning: building the logging stack costs a warm run more than its whole module loading.
    private static readonly Lazy<ILoggerFactory> Logging = new(() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)));

    private EmbeddedCluster? _embedded;
    private ClusterConnection? _remote;

    private CacheSession(string mode, string? cacheDirectory)
    {
        Mode = mode;
        CacheDirectory = cacheDirectory;
    }

    /// <summary><c>embedded</c>, <c>cluster</c> or <c>none</c>.</summary>
    public string Mode { get; }

    public string? CacheDirectory { get; }

    public ModuleCacheClient Client { get; private set; } = null!;

    public bool StartedSilo => _embedded is not null;

    public static CacheSession Open(string? cluster, bool noCache, string? cacheDirectory)
    {
        cluster ??= Environment.GetEnvironmentVariable("ESMCACHE_CLUSTER");
        cacheDirectory ??= Environment.GetEnvironmentVariable("ESMCACHE_CACHE_DIR") is { Length: > 0 } fromEnv ? fromEnv : BmesDirectory.DefaultRoot();
        if (noCache)
        {
            var none = new CacheSession("none", null);
            none.Client = new ModuleCacheClient(connect: null, new ModuleCacheClientOptions { LocalCacheDirectory = null });
            return none;
        }

        cacheDirectory = Path.GetFullPath(cacheDirectory);
        if (!string.IsNullOrWhiteSpace(cluster))
        {
            var gateways = ClusterConnection.ParseGateways(cluster);
            var remote = new CacheSession("cluster", cacheDirectory);
            remote.Client = new ModuleCacheClient(
                async () => (remote._remote = await ClusterConnection.ConnectAsync(gateways).ConfigureAwait(false)).Client,
                new ModuleCacheClientOptions { LocalCacheDirectory = cacheDirectory },
                new DeferredLogger<ModuleCacheClient>(Logging));
            return remote;
        }

        var embedded = new CacheSession("embedded", cacheDirectory);
        embedded.Client = new ModuleCacheClient(
            async () => (embedded._embedded = await EmbeddedCluster.StartAsync(cacheDirectory).ConfigureAwait(false)).Client,
            new ModuleCacheClientOptions { LocalCacheDirectory = cacheDirectory, WriteLocalCache = false },
            new DeferredLogger<ModuleCacheClient>(Logging));
        return embedded;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }

        if (_remote is not null)
        {
            await _remote.DisposeAsync().ConfigureAwait(false);
        }
    }
}
