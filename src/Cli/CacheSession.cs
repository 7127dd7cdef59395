using System.Runtime.CompilerServices;
using EsmCacheCluster.Client;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
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
    private readonly IDisposable? _ownedGenerator;

    private CacheSession(CacheMode mode, string? cacheDirectory, IDisposable? ownedGenerator)
    {
        Mode = mode;
        CacheDirectory = cacheDirectory;
        _ownedGenerator = ownedGenerator;
    }

    public CacheMode Mode { get; }

    public string? CacheDirectory { get; }

    public ModuleCacheClient Client { get; private set; } = null!;

    public bool StartedSilo => _embedded is not null;

    /// <remarks>
    /// Local work (the fallback, <c>--no-cache</c>) is the whole generate operation, started lazily: a scan of
    /// JavaScript never starts V8 (it works where V8 is not available); TypeScript starts the transformer's engine,
    /// and only running modules makes code caches.
    /// </remarks>
    public static CacheSession Open(string? cluster, bool noCache, string? cacheDirectory)
    {
        cluster ??= Environment.GetEnvironmentVariable("ESMCACHE_CLUSTER");
        cacheDirectory ??= Environment.GetEnvironmentVariable("ESMCACHE_CACHE_DIR") is { Length: > 0 } fromEnv ? fromEnv : BmesDirectory.DefaultRoot();
        var generator = CreateGenerator();
        var owned = generator as IDisposable;
        if (noCache)
        {
            var none = new CacheSession(CacheMode.None, null, owned);
            none.Client = new ModuleCacheClient(connect: null, new ModuleCacheClientOptions { LocalCacheDirectory = null, LocalGenerator = generator });
            return none;
        }

        cacheDirectory = Path.GetFullPath(cacheDirectory);
        if (!string.IsNullOrWhiteSpace(cluster))
        {
            var gateways = ClusterConnection.ParseGateways(cluster);
            var remote = new CacheSession(CacheMode.Cluster, cacheDirectory, owned);
            remote.Client = new ModuleCacheClient(
                async () => (remote._remote = await ClusterConnection.ConnectAsync(gateways).ConfigureAwait(false)).Client,
                new ModuleCacheClientOptions { LocalCacheDirectory = cacheDirectory, LocalGenerator = generator },
                new DeferredLogger<ModuleCacheClient>(Logging));
            return remote;
        }

        var embedded = new CacheSession(CacheMode.Embedded, cacheDirectory, owned);
        embedded.Client = new ModuleCacheClient(
            async () => (embedded._embedded = await EmbeddedCluster.StartAsync(cacheDirectory).ConfigureAwait(false)).Client,
            new ModuleCacheClientOptions { LocalCacheDirectory = cacheDirectory, WriteLocalCache = false, LocalGenerator = generator },
            new DeferredLogger<ModuleCacheClient>(Logging));
        return embedded;
    }

    // Its own method: V8's types stay out of the callers, and nothing of V8 starts until a module needs it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface keeps V8's types out of the callers' signatures.")]
    private static IModuleGenerator CreateGenerator() => new ModuleGenerator();

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

        _ownedGenerator?.Dispose();
    }
}
