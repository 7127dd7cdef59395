using EsmCacheCluster.Records;

namespace EsmCacheCluster.Client;

/// <summary>
/// The one call a host makes: records from a cluster (connected here, owned by the record source it returns, closed
/// when that is disposed), or with no cluster, from the local folder and local generation.
/// </summary>
/// <example>
/// <code>
/// await using var cache = await ModuleCache.ConnectAsync(new ModuleCacheOptions { Gateways = "10.0.0.5:30000", LocalGenerator = AnalysisGenerator.Instance });
/// var fetch = await cache.GetAsync(ModuleSource.Of(bytes, new TransformOptions(SourceLanguage.TypeScript)));
/// </code>
/// </example>
public static class ModuleCache
{
    /// <summary>
    /// Connects to <see cref="ModuleCacheOptions.Gateways"/> lazily, on the first record the local folder does not
    /// have (so a host whose folder answers never connects), and returns the record source. A cluster that cannot be
    /// reached then is a warning and local generation, as with any cluster failure.
    /// </summary>
    public static IModuleRecordSource Connect(ModuleCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Gateways))
        {
            return new LocalRecordSource(
                options.LocalGenerator ?? throw new ArgumentException("Without a cluster (Gateways) a local generator is required: nothing else makes records.", nameof(options)),
                options.LocalCacheDirectory);
        }

        var gateways = GatewayAddress.ParseList(options.Gateways);
        var client = options.Client;
        client.LocalCacheDirectory = options.LocalCacheDirectory;
        client.LocalGenerator = options.LocalGenerator;
        return new ConnectedClient(gateways, options, client);
    }

    /// <summary>As <see cref="Connect"/>, connecting now: the returned source has a cluster that answered (or this throws).</summary>
    public static async Task<IModuleRecordSource> ConnectAsync(ModuleCacheOptions options, CancellationToken cancellationToken = default)
    {
        var source = Connect(options);
        if (source is ConnectedClient connected)
        {
            try
            {
                await connected.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connected.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return source;
    }

    /// <summary>A cluster client that owns its connection.</summary>
    private sealed class ConnectedClient : IModuleRecordSource
    {
        private readonly ModuleCacheClient _client;
        private ClusterConnection? _connection;

        public ConnectedClient(IReadOnlyList<GatewayAddress> gateways, ModuleCacheOptions options, ModuleCacheClientOptions client)
        {
            var identity = new ClusterIdentity(options.ClusterId, options.ServiceId);
            // The client decides when to connect, and again after a failure (its breaker spaces the attempts); this
            // keeps the connection that succeeded, to close it.
            _client = new ModuleCacheClient(async () => (_connection = await ClusterConnection.ConnectAsync(gateways, identity, options.Tls).ConfigureAwait(false)).Client, client);
        }

        /// <summary>Connects now (or joins the attempt under way); a failed attempt throws.</summary>
        public Task<IClusterClient> ConnectAsync(CancellationToken cancellationToken) => _client.ConnectAsync().WaitAsync(cancellationToken);

        public Task<ModuleFetch> GetAsync(ModuleSource source, CancellationToken cancellationToken = default) => _client.GetAsync(source, cancellationToken);

        public Task<ModuleFetch[]> GetManyAsync(IReadOnlyList<ModuleSource> sources, CancellationToken cancellationToken = default) =>
            _client.GetManyAsync(sources, cancellationToken);

        public Task<ModuleFetch> GetWithBytecodeAsync(ModuleSource source, CancellationToken cancellationToken = default) =>
            _client.GetWithBytecodeAsync(source, cancellationToken);

        public void Prepare(Format.TransformOptions transform) => _client.Prepare(transform);

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync().ConfigureAwait(false);
            if (_connection is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
