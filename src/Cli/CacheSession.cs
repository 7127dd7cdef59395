using System.Runtime.CompilerServices;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;
using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Where records come from for one command: the local cache folder first, then, on a miss, this process (the
/// default: generated on every core, written to the folder), a remote cluster (<c>--cluster</c> or ESMCACHE_CLUSTER),
/// or a silo started in this process on request (<c>--embedded-silo</c>); or no cache at all (<c>--no-cache</c>).
/// </summary>
internal sealed class CacheSession : IAsyncDisposable
{
    private static readonly string[] AnalysisAssemblies =
        ["EsmCacheCluster.Analysis.dll", "Acornima.dll", "EsmCacheCluster.Transform.dll", "EsmCacheCluster.Generation.dll", "EsmCacheCluster.Format.dll"];

    private EmbeddedCluster? _embedded;
    private ClusterConnection? _remote;
    private IDisposable? _ownedGenerator;
    private readonly Lazy<IModuleRecordSource> _records;

    private string? _maxCacheSize;

    private readonly CommandContext _context;

    private CacheSession(CommandContext context, CacheMode mode, string? cacheDirectory, Func<CacheSession, IModuleRecordSource> createRecords)
    {
        _context = context;
        Mode = mode;
        CacheDirectory = cacheDirectory;
        _records = new Lazy<IModuleRecordSource>(() => createRecords(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public CacheMode Mode { get; }

    public string? CacheDirectory { get; }

    /// <summary>The record source, made on first use: a scan the index answers never loads Orleans, V8 or the analyser.</summary>
    public IModuleRecordSource Records => _records.Value;

    public bool StartedSilo => _embedded is not null;

    /// <summary>Where scans keep each root's index (stat cache, records, resolutions); none with <c>--no-cache</c>.</summary>
    public ScanIndexStore? Indexes => CacheDirectory is null ? null : new ScanIndexStore(Path.Combine(CacheDirectory, "index"), _context.Daemon?.Indexes);

    /// <summary>
    /// What makes records differ between builds of esmcache: the size and time of the analyser's and transformer's
    /// assemblies (stat only, nothing loaded). An index written by another build is not used.
    /// </summary>
    public static string RecordsIdentity { get; } = string.Join(';', AnalysisAssemblies.Select(name =>
    {
        var file = new FileInfo(Path.Combine(AppContext.BaseDirectory, name));
        return file.Exists ? $"{name}:{file.Length}:{file.LastWriteTimeUtc.Ticks}" : $"{name}:-";
    }));

    /// <summary>A scanner over this session: in the daemon a watched root's last scan, else the root's index, then the cache client (opened only on a miss).</summary>
    /// <remarks>The scanner writes the index while the command prints its answer; disposing the session waits for it.</remarks>
    public ModuleScanner CreateScanner(ModuleResolver resolver)
    {
        var scanner = new ModuleScanner(() => Records, resolver, Indexes, RecordsIdentity, watched: _context.Daemon?.Watches, writeIndexLater: true);
        _scanners.Add(scanner);
        return scanner;
    }

    private readonly List<ModuleScanner> _scanners = [];

    /// <remarks>
    /// Local work (the default on a miss, the fallback, <c>--no-cache</c>) is the whole generate operation, started
    /// lazily: a scan of JavaScript never starts V8 (it works where V8 is not available); TypeScript starts the
    /// transformer's engines, and only running modules makes code caches.
    /// </remarks>
    /// <param name="maxCacheSize">The folder's cap as given (<c>--max-cache-size</c>); null for ESMCACHE_MAX_CACHE_SIZE or the default.</param>
    /// <param name="tls">The client certificate for a cluster that requires TLS; loaded only when the cluster is used, and a bad file is then a warning and local work, like any cluster failure.</param>
    /// <param name="embeddedSilo">Misses go through a silo started in this process (as a cluster generates them), not straight to local generation.</param>
    /// <param name="context">The command's environment (ESMCACHE_* settings), working folder and error output.</param>
    public static CacheSession Open(CommandContext context, string? cluster, bool noCache, string? cacheDirectory, string? maxCacheSize = null, Func<ClusterTls?>? tls = null, bool embeddedSilo = false)
    {
        var session = OpenSession(context, cluster, noCache, cacheDirectory, tls ?? (() => ClusterTls.FromSettings(context.Variable)),
            embeddedSilo || context.Variable("ESMCACHE_EMBEDDED_SILO") is "1" or "true");
        session._maxCacheSize = maxCacheSize;
        return session;
    }

    private static CacheSession OpenSession(CommandContext context, string? cluster, bool noCache, string? cacheDirectory, Func<ClusterTls?> tls, bool embeddedSilo)
    {
        cluster ??= context.Variable("ESMCACHE_CLUSTER");
        if (noCache)
        {
            return new CacheSession(context, CacheMode.None, null, session => new LocalRecordSource(session.Generator(), folder: null));
        }

        cacheDirectory = CacheFolder.Resolve(cacheDirectory, context);
        if (!string.IsNullOrWhiteSpace(cluster))
        {
            // Syntax now (a usage error); the hosts are looked up on the first miss, so an unknown one is a fallback.
            if (!GatewayAddress.TryParseList(cluster, out var gateways, out string error))
            {
                throw new UsageException($"ESMCACHE_CLUSTER: {error}");
            }

            var identity = ClusterIdentity.FromSettings(context.Variable);
            return new CacheSession(context, CacheMode.Cluster, cacheDirectory, session => new ModuleCacheClient(
                async () => (session._remote = await ClusterConnection.ConnectAsync(gateways, identity, tls()).ConfigureAwait(false)).Client,
                new ModuleCacheClientOptions { LocalCacheDirectory = session.CacheDirectory, LocalGenerator = session.Generator() },
                new WarningLogger<ModuleCacheClient>(context.Error)));
        }

        if (embeddedSilo)
        {
            return new CacheSession(context, CacheMode.EmbeddedSilo, cacheDirectory, session => new ModuleCacheClient(
                async () => (session._embedded = await EmbeddedCluster.StartAsync(session.CacheDirectory!).ConfigureAwait(false)).Client,
                new ModuleCacheClientOptions { LocalCacheDirectory = session.CacheDirectory, WriteLocalCache = false, LocalGenerator = session.Generator() },
                new WarningLogger<ModuleCacheClient>(context.Error)));
        }

        // The default: a miss is the work of this process, on every core; no silo is started for it.
        return new CacheSession(context, CacheMode.Local, cacheDirectory, session => new LocalRecordSource(session.Generator(), session.CacheDirectory));
    }

    private IModuleGenerator Generator()
    {
        var generator = CreateGenerator();
        _ownedGenerator = generator as IDisposable;
        return generator;
    }

    // Its own method: V8's types stay out of the callers, and nothing of V8 starts until a module needs it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface keeps V8's types out of the callers' signatures.")]
    private static IModuleGenerator CreateGenerator() => new ModuleGenerator();

    public async ValueTask DisposeAsync()
    {
        foreach (var scanner in _scanners)
        {
            if (await scanner.IndexWritten.ConfigureAwait(false) is { } notSaved)
            {
                _context.Error.WriteLine($"esmcache: warning: {notSaved}");
            }
        }

        if (_records.IsValueCreated)
        {
            await _records.Value.DisposeAsync().ConfigureAwait(false);
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }

        if (_remote is not null)
        {
            await _remote.DisposeAsync().ConfigureAwait(false);
        }

        _ownedGenerator?.Dispose();
        if (_records.IsValueCreated && CacheDirectory is not null)
        {
            KeepUnderCap(CacheDirectory);
        }
    }

    /// <summary>
    /// After a command that may have added to the cache folder (its record source was opened: a warm scan never is),
    /// the least recently used entries go until the folder fits its cap; the folder is listed only when what was
    /// added may not fit (see <see cref="LocalCacheFolder.KeepUnder"/>). Never fails the command.
    /// </summary>
    private void KeepUnderCap(string folder) =>
        // An embedded silo writes through its own storage, whose additions are not counted: list the folder.
        CacheFolder.KeepUnderCap(_context, folder, _maxCacheSize, (cache, cap) => _records.Value switch
        {
            LocalRecordSource local => cache.KeepUnder(cap, local.BytesWritten),
            ModuleCacheClient client when Mode == CacheMode.Cluster => cache.KeepUnder(cap, client.Stats.LocalBytesWritten),
            _ => cache.Prune(cap),
        });
}
