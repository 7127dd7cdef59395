using System.Collections.Concurrent;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Records;

/// <summary>
/// Records with no cluster at all: the local BMES folder answers first, and a miss is generated here, on the calling
/// thread (a scan asks from every core, so misses are generated on every core), then written to the folder
/// atomically (a temporary file renamed into place). Concurrent requests for one key in this process make one
/// generation; processes sharing the folder may each generate a key once, and each rename leaves a whole blob of
/// the same record. Without a folder every request generates (<c>--no-cache</c>).
/// </summary>
public sealed class LocalRecordSource : IModuleRecordSource
{
    private readonly IModuleGenerator _generator;
    private readonly BmesDirectory? _folder;
    private readonly ConcurrentDictionary<(CacheKey Key, bool Bytecode), Lazy<ModuleFetch>> _inflight = new();
    private int _disposed;

    /// <param name="folder">The local cache folder; null to read and write none.</param>
    public LocalRecordSource(IModuleGenerator generator, string? folder)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _folder = folder is null ? null : new BmesDirectory(folder);
    }

    /// <summary>Records read from the folder and generated here, so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    public int Generated => Volatile.Read(ref _generated);

    /// <summary>Bytes of blobs written to the folder, so far: what keeping the folder under its cap has to account for.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    private int _hits;
    private int _generated;
    private long _bytesWritten;

    public Task<ModuleFetch> GetAsync(ModuleSource source, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(source, needBytecode: false, cancellationToken));

    public Task<ModuleFetch[]> GetManyAsync(IReadOnlyList<ModuleSource> sources, CancellationToken cancellationToken = default)
    {
        var fetches = new ModuleFetch[sources.Count];
        Parallel.For(0, fetches.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => fetches[i] = Get(sources[i], needBytecode: false, cancellationToken));
        return Task.FromResult(fetches);
    }

    public Task<ModuleFetch> GetWithBytecodeAsync(ModuleSource source, CancellationToken cancellationToken = default) =>
        Task.Run(() => Get(source, needBytecode: true, cancellationToken), cancellationToken);

    public void Prepare(TransformOptions transform) => _generator.Prepare(transform);

    private ModuleFetch Get(ModuleSource source, bool needBytecode, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Stored(source.Key, needBytecode) is { } stored)
        {
            Interlocked.Increment(ref _hits);
            return new ModuleFetch(stored, FetchOrigin.LocalCache);
        }

        var work = _inflight.GetOrAdd((source.Key, needBytecode), static (_, state) => new Lazy<ModuleFetch>(() => state.Self.Generate(state.Source, state.Bytecode)),
            (Self: this, Source: source, Bytecode: needBytecode));
        try
        {
            return work.Value;
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<(CacheKey, bool), Lazy<ModuleFetch>>((source.Key, needBytecode), work));
        }
    }

    private ModuleFetch Generate(ModuleSource source, bool includeBytecode)
    {
        var generated = _generator.Generate(source.Key.ToString(), source.Bytes, source.Key, includeBytecode);
        if (_folder is not null)
        {
            try
            {
                _folder.Write(source.Key, generated.Blob);
                Interlocked.Add(ref _bytesWritten, generated.Blob.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The record stands; the next run generates it again.
            }
        }

        Interlocked.Increment(ref _generated);
        return new ModuleFetch(generated.Record, FetchOrigin.LocalGenerated);
    }

    /// <summary>The folder's record when it is usable: valid, of this source, made by this generator's analyser and transform.</summary>
    private ModuleRecord? Stored(CacheKey key, bool needBytecode)
    {
        if (_folder is null)
        {
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = _folder.TryRead(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BmesFormatException)
        {
            return null;
        }

        if (bytes is null || !Bmes.TryDeserialize(bytes, out var record, out _) || record.SourceHash != key.Hash
            || record.AnalyzerVersion != _generator.AnalyzerVersion || _generator.TransformRecipe(key.Transform) is not { } recipe || record.Transform != recipe)
        {
            return null;
        }

        if (needBytecode && record.SyntaxError is null && !record.IsCommonJs && !key.Transform.IsDeclaration
            && !(record.HasBytecode && (_generator.BytecodeProducer is not { } producer || record.BytecodeProducer == producer)))
        {
            return null; // made without (or with other) bytecode: made again with it
        }

        return record;
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }
}
