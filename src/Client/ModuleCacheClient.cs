using EsmCacheCluster.Records;
using System.Collections.Concurrent;
using System.Threading.Channels;
using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Concurrency;

namespace EsmCacheCluster.Client;

/// <summary>
/// The thin client: module records by hash, from the local BMES folder, else from the cluster. Concurrent
/// requests for one hash make one request; requests from many callers are gathered into batches (one cluster
/// call per batch). When the cluster cannot be used the client analyses locally with its
/// <see cref="ModuleCacheClientOptions.LocalGenerator"/> and says so: a cache never breaks a build.
/// </summary>
/// <remarks>
/// The client itself depends on the format, the grain interfaces and Orleans' client only: analysis (Acornima)
/// and bytecode (V8) are plug-ins that a host passes in, so a build agent on any platform can use the cluster.
/// </remarks>
public sealed partial class ModuleCacheClient : IModuleRecordSource
{
    private readonly Func<Task<IClusterClient>>? _connect;
    private readonly Lock _connectLock = new();
    private Task<IClusterClient>? _connecting;
    private readonly ModuleCacheClientOptions _options;
    private readonly ILogger _logger;
    private readonly BmesDirectory? _local;
    private readonly ConcurrentDictionary<CacheKey, Task<ModuleFetch>> _inflight = new();
    private readonly ConcurrentDictionary<CacheKey, Task<ModuleFetch>> _inflightBlobs = new();
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _batchSlots;
    private readonly Task _pump;

    // Batches and blob requests run detached from their callers; disposal waits for every one of them, since they
    // use the cluster connection, the local folder and the local generator that the caller disposes next.
    private readonly ConcurrentDictionary<Task, byte> _background = new();

    // Cancelled on disposal: work in flight makes no further retries (it falls back or fails at once), so that
    // disposal waits for at most one call per batch, not for a whole retry schedule.
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private int _warnedFallback;

    // Fraction of the last batch that the cluster did not have: above one half, sources ride along at once.
    private double _recentMissRate;

    /// <param name="cluster">A connected cluster client, or null to work from the local folder and local analysis only.</param>
    public ModuleCacheClient(IClusterClient? cluster, ModuleCacheClientOptions? options = null, ILogger<ModuleCacheClient>? logger = null)
        : this(cluster is null ? null : () => Task.FromResult(cluster), options, logger)
    {
    }

    /// <param name="connect">
    /// Called on the first request the local folder cannot answer, to get a cluster (an embedded silo is started
    /// only then), and again after a failed attempt once the circuit breaker lets requests through; null to work
    /// from the local folder and local analysis only.
    /// </param>
    public ModuleCacheClient(Func<Task<IClusterClient>>? connect, ModuleCacheClientOptions? options = null, ILogger<ModuleCacheClient>? logger = null)
    {
        _options = options ?? new ModuleCacheClientOptions();
        var validation = new ModuleCacheClientOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("ModuleCacheClientOptions", typeof(ModuleCacheClientOptions), validation.Failures);
        }

        _connect = connect;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _local = _options.LocalCacheDirectory is { } dir ? new BmesDirectory(dir) : null;
        _batchSlots = new SemaphoreSlim(_options.MaxConcurrentBatches);
        _pump = connect is null ? Task.CompletedTask : Task.Run(PumpAsync);
    }

    public ClientStats Stats { get; } = new();

    /// <summary>
    /// The record of one module (without bytecode). Cancelling stops this caller's wait, not the request, which
    /// other callers of the same hash may share.
    /// </summary>
    public Task<ModuleFetch> GetAsync(ModuleSource source, CancellationToken cancellationToken = default) =>
        LocalOrJoined(source, needBytecode: false, _inflight, static (client, source, pending) =>
        {
            if (client._connect is null || !client._queue.Writer.TryWrite(new Pending(source, pending)))
            {
                client.Complete(new Pending(source, pending), null, FetchOrigin.LocalFallback);
            }
        }).WaitAsync(cancellationToken);

    /// <summary>Records of many modules, in the order given; batched and deduplicated.</summary>
    public Task<ModuleFetch[]> GetManyAsync(IReadOnlyList<ModuleSource> sources, CancellationToken cancellationToken = default)
    {
        var tasks = new Task<ModuleFetch>[sources.Count];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = GetAsync(sources[i], cancellationToken);
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>The record with V8 bytecode, for hosts that run the module (generated or completed at most once).</summary>
    public Task<ModuleFetch> GetWithBytecodeAsync(ModuleSource source, CancellationToken cancellationToken = default) =>
        LocalOrJoined(source, needBytecode: true, _inflightBlobs, static (client, source, pending) => client.Track(client.FetchBlobAsync(source, pending)))
            .WaitAsync(cancellationToken);

    /// <summary>A miss is coming: the cluster connection starts now (an embedded silo starts now), not on the first batch.</summary>
    public void Prepare(TransformOptions transform)
    {
        if (_connect is not null && Volatile.Read(ref _connecting) is null)
        {
            Track(ClusterAsync());
        }
    }

    private void Track(Task work)
    {
        _background.TryAdd(work, 0);
        work.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _background, TaskScheduler.Default);
    }

    /// <summary>The local generator, or why there is none when the cluster could not answer.</summary>
    private IModuleGenerator LocalGenerator => _options.LocalGenerator ?? throw new InvalidOperationException(
        "The module cache cluster could not be used, and this client has no local generator to fall back to (ModuleCacheClientOptions.LocalGenerator).");

    /// <summary>
    /// The local folder's record when it has a usable one; else the request already in flight for this hash, or a
    /// new one that <paramref name="start"/> sets going. Concurrent callers of one hash thus make one request.
    /// </summary>
    private Task<ModuleFetch> LocalOrJoined(
        ModuleSource source,
        bool needBytecode,
        ConcurrentDictionary<CacheKey, Task<ModuleFetch>> inflight,
        Action<ModuleCacheClient, ModuleSource, TaskCompletionSource<ModuleFetch>> start)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (TryLocal(source.Key, needBytecode) is { } cached)
        {
            Stats.Count(FetchOrigin.LocalCache);
            return Task.FromResult(new ModuleFetch(cached, FetchOrigin.LocalCache));
        }

        var pending = new TaskCompletionSource<ModuleFetch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = inflight.GetOrAdd(source.Key, pending.Task);
        if (task != pending.Task)
        {
            Stats.Joined();
            return task;
        }

        start(this, source, pending);
        return task;
    }

    private async Task FetchBlobAsync(ModuleSource source, TaskCompletionSource<ModuleFetch> pending)
    {
        try
        {
            ModuleFetch fetch;
            if (_connect is null)
            {
                // Local-only mode: generating here is the plan, not a fallback.
                var local = LocalGenerator.Generate(source.Key.ToString(), source.Bytes, source.Key, includeBytecode: true);
                if (_options.WriteLocalCache)
                {
                    _local?.Write(source.Key, local.Blob);
                }

                Stats.Count(FetchOrigin.LocalFallback);
                pending.SetResult(new ModuleFetch(local.Record, FetchOrigin.LocalFallback));
                return;
            }

            try
            {
                ThrowIfCircuitOpen();
                var grain = (await ClusterAsync().ConfigureAwait(false)).GetGrain<IModuleCacheGrain>(ModuleKey.Of(source.Key));
                var blob = await WithRetryAsync(() => grain.GetOrAddBlobAsync(source.Bytes.AsImmutable()));
                var record = Bmes.Deserialize(blob.Value);
                if (record.SourceHash != source.Hash)
                {
                    throw new BmesFormatException($"the cluster answered with the blob of {record.SourceHash}", 16);
                }

                if (_options.WriteLocalCache)
                {
                    _local?.Write(source.Key, blob.Value);
                }

                fetch = new ModuleFetch(record, FetchOrigin.Cluster);
            }
            catch (Exception e) when (_options.FallbackToLocal)
            {
                OpenCircuit(e);
                WarnFallback(e);
                var generated = LocalGenerator.Generate(source.Key.ToString(), source.Bytes, source.Key, includeBytecode: true);
                fetch = new ModuleFetch(generated.Record, FetchOrigin.LocalFallback);
            }

            Stats.Count(fetch.Origin);
            pending.SetResult(fetch);
        }
        catch (Exception e)
        {
            pending.SetException(e);
        }
        finally
        {
            _inflightBlobs.TryRemove(source.Key, out _);
        }
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Bounded by count and by the bytes of the sources it may upload, so no batch outgrows a message; a
            // source larger than the byte bound goes alone.
            var batch = new List<Pending>(Math.Min(_options.MaxBatchSize, 64));
            long bytes = 0;
            while (batch.Count < _options.MaxBatchSize && reader.TryPeek(out var next)
                && (batch.Count == 0 || bytes + next.Source.Bytes.Length <= _options.MaxBatchBytes) && reader.TryRead(out var item))
            {
                batch.Add(item);
                bytes += item.Source.Bytes.Length;
            }

            await _batchSlots.WaitAsync().ConfigureAwait(false);
            Track(SendAsync(batch));
        }
    }

    /// <summary>
    /// One batch. Normally by hash first (hits upload nothing), then with the sources of the misses only. When
    /// most recent lookups missed (a cold cache), sources go with the first call instead, saving a round trip
    /// and a grain call per module; the miss rate decides, batch by batch.
    /// </summary>
    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            ThrowIfCircuitOpen();
            var worker = (await ClusterAsync().ConfigureAwait(false)).GetGrain<IModuleBatchGrain>(0);
            bool speculate = Volatile.Read(ref _recentMissRate) > 0.5;
            var lookups = new ModuleLookup[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                var source = batch[i].Source;
                lookups[i] = new ModuleLookup(ModuleKey.Of(source.Key), speculate ? source.Bytes : null);
            }

            var answers = await WithRetryAsync(() => worker.GetManyAsync(lookups)).ConfigureAwait(false);
            List<int>? misses = null;
            int generated = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                if (answers[i].Blob is null && answers[i].Rejection is null)
                {
                    (misses ??= []).Add(i);
                }
                else
                {
                    generated += answers[i].Generated ? 1 : 0;
                    Complete(batch[i], answers[i], answers[i].Generated ? FetchOrigin.ClusterGenerated : FetchOrigin.Cluster);
                }
            }

            Volatile.Write(ref _recentMissRate, (double)((misses?.Count ?? 0) + generated) / batch.Count);
            if (misses is null)
            {
                return;
            }

            var uploads = new ModuleLookup[misses.Count];
            for (int j = 0; j < misses.Count; j++)
            {
                var source = batch[misses[j]].Source;
                uploads[j] = new ModuleLookup(ModuleKey.Of(source.Key), source.Bytes);
            }

            var second = await WithRetryAsync(() => worker.GetManyAsync(uploads)).ConfigureAwait(false);
            for (int j = 0; j < misses.Count; j++)
            {
                Complete(batch[misses[j]], second[j], second[j].Generated ? FetchOrigin.ClusterGenerated : FetchOrigin.Cluster);
            }
        }
        catch (Exception e)
        {
            OpenCircuit(e);
            WarnFallback(e);
            foreach (var pending in batch)
            {
                if (!pending.Completion.Task.IsCompleted)
                {
                    Complete(pending, null, FetchOrigin.LocalFallback);
                }
            }
        }
        finally
        {
            _batchSlots.Release();
        }
    }

    /// <summary>
    /// Retries a cluster call that failed for a reason that can pass (a silo died, a call timed out): the calls
    /// are idempotent, and the cluster moves the grains of a dead silo elsewhere. What the cluster refused on
    /// purpose (a <see cref="ModuleRejectedException"/>) is not retried.
    /// </summary>
    private async Task<T> WithRetryAsync<T>(Func<Task<T>> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            Stats.ClusterCall();
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not ModuleRejectedException && attempt < _options.MaxAttempts && !_stopping.IsCancellationRequested && !CircuitOpen)
            {
                LogRetry(attempt, e.Message);
                var delay = _options.RetryDelay * (1 << Math.Min(attempt - 1, 16));
                await Task.Delay(delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private void Complete(Pending pending, ModuleBatchItem? answer, FetchOrigin origin)
    {
        var hash = pending.Source.Hash;
        var key = pending.Source.Key;
        try
        {
            ModuleRecord record;
            if (answer is { Blob: { } blob })
            {
                // The cluster's answer is validated like any other bytes before it is used or cached.
                record = Bmes.Deserialize(blob);
                if (record.SourceHash != hash)
                {
                    throw new BmesFormatException($"the cluster answered for {hash} with the record of {record.SourceHash}", 16);
                }

                if (_local is not null && _options.WriteLocalCache && !File.Exists(_local.PathOf(key)))
                {
                    _local.Write(key, blob);
                    Stats.LocalWrite(blob.Length);
                }
            }
            else
            {
                if (answer is { Rejection: { } rejection })
                {
                    if (_options.LocalGenerator is null)
                    {
                        throw new ModuleRejectedException(rejection);
                    }

                    LogClusterRejected(hash, rejection.Reason, rejection.Message);
                }
                else if (_connect is not null && origin == FetchOrigin.LocalFallback && !_options.FallbackToLocal)
                {
                    throw new InvalidOperationException($"The module cache cluster could not be used for {hash}.");
                }

                origin = FetchOrigin.LocalFallback;
                record = LocalGenerator.Analyze(pending.Source.Bytes, key);
            }

            Stats.Count(origin);
            pending.Completion.SetResult(new ModuleFetch(record, origin));
        }
        catch (Exception e)
        {
            pending.Completion.SetException(e);
        }
        finally
        {
            _inflight.TryRemove(key, out _);
        }
    }

    /// <summary>A record from the local folder, if present, valid, for this source, its transform and this analyser.</summary>
    private ModuleRecord? TryLocal(CacheKey key, bool needBytecode)
    {
        if (_local is null)
        {
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = _local.TryRead(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BmesFormatException)
        {
            LogLocalUnusable(key.Hash, e.Message);
            return null;
        }

        if (bytes is null)
        {
            return null;
        }

        // Without a local generator the client cannot know the current analyser: it trusts its folder's records.
        var generator = _options.LocalGenerator;
        if (!Bmes.TryDeserialize(bytes, out var record, out var result)
            || record.SourceHash != key.Hash
            || (generator is not null && record.AnalyzerVersion != generator.AnalyzerVersion)
            || (generator?.TransformRecipe(key.Transform) is { } recipe && record.Transform != recipe))
        {
            LogLocalUnusable(key.Hash, record is null ? result.ToString() : "stale or misplaced blob");
            return null;
        }

        if (needBytecode && record.SyntaxError is null
            && !(record.HasBytecode && (generator?.BytecodeProducer is not { } producer || record.BytecodeProducer == producer)))
        {
            return null;
        }

        return record;
    }

    /// <summary>
    /// The cluster: the connection made or being made, or a new attempt when the last one failed (the circuit
    /// breaker, opened by that failure, spaces the attempts).
    /// </summary>
    private Task<IClusterClient> ClusterAsync()
    {
        lock (_connectLock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                Volatile.Write(ref _connecting, Task.Run(_connect!));
            }

            return _connecting;
        }
    }

    /// <summary>The cluster, connected now rather than on the first miss (<see cref="ModuleCache.ConnectAsync"/>).</summary>
    internal Task<IClusterClient> ConnectAsync() =>
        _connect is null ? throw new InvalidOperationException("This client has no cluster to connect to.") : ClusterAsync();

    /// <summary>Another call failed on the cluster a moment ago: this one does not wait for it too.</summary>
    private bool CircuitOpen => DateTime.UtcNow.Ticks < Interlocked.Read(ref _circuitOpenUntilTicks);

    private void ThrowIfCircuitOpen()
    {
        if (CircuitOpen)
        {
            throw new TimeoutException($"the cluster failed within the last {_options.CircuitBreakDuration.TotalSeconds:N0} s; not asking again yet");
        }
    }

    /// <summary>A cluster call failed for good (a refusal on purpose is not a failure): later calls fall back at once for a while.</summary>
    private void OpenCircuit(Exception e)
    {
        if (e is not ModuleRejectedException && !CircuitOpen)
        {
            Interlocked.Exchange(ref _circuitOpenUntilTicks, DateTime.UtcNow.Add(_options.CircuitBreakDuration).Ticks);
        }
    }

    private long _circuitOpenUntilTicks;

    private void WarnFallback(Exception e)
    {
        if (Interlocked.Exchange(ref _warnedFallback, 1) == 0)
        {
            LogFallback(e.GetType().Name, e.Message);
        }
    }

    /// <summary>Finishes every request already made (the queued batches and blob requests), then releases the client.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        while (!_background.IsEmpty)
        {
            await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        }

        _batchSlots.Dispose();
        _stopping.Dispose();
    }

    private readonly record struct Pending(ModuleSource Source, TaskCompletionSource<ModuleFetch> Completion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module cache cluster unavailable ({Error}: {Message}); analysing locally")]
    private partial void LogFallback(string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster call failed (attempt {Attempt}: {Message}); retrying")]
    private partial void LogRetry(int attempt, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster rejected module {Hash} ({Reason}: {Message}); analysed locally")]
    private partial void LogClusterRejected(ContentHash hash, RejectionReason reason, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local cache entry of {Hash} not used: {Reason}")]
    private partial void LogLocalUnusable(ContentHash hash, string reason);
}
