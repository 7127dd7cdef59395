using System.Diagnostics;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>
/// One module source. Reentrant so that hits are answered while a generation runs; concurrent requests that
/// need work share the one task in flight, which is what makes generation happen once per hash.
/// </summary>
/// <remarks>
/// The grain holds blobs, not decoded records: a blob is the smallest form of a record, and it is what batches,
/// caches and storage pass on. Only the single-record calls decode (a few microseconds).
/// </remarks>
[Reentrant]
public sealed partial class ModuleCacheGrain(
    [PersistentState(ModuleCacheStorage.StateName, ModuleCacheStorage.Name)] IPersistentState<ModuleBlobState> stored,
    ModuleGenerationService generation,
    IOptions<ModuleCacheOptions> options,
    CacheMetrics metrics,
    RecordBudget budget,
    IEnumerable<IModuleBlobCatalog> catalogs,
    ILogger<ModuleCacheGrain> logger) : Grain, IModuleCacheGrain
{
    private CacheKey _key;
    private string _transformRecipe = "";

    // Validated state: the stored blob, the record without bytecode as a blob (the same array when the stored
    // blob has no bytecode), and whether bytecode is settled (present, or tried and impossible).
    private byte[]? _blob;
    private byte[]? _metadataBlob;
    private bool _bytecodeSettled;

    private Task? _work;
    private LinkedListNode<RecordBudget.Entry>? _budgetEntry;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string key = this.GetPrimaryKeyString();
        if (!ModuleKey.TryParse(key, out _key))
        {
            throw new ModuleRejectedException(RejectionReason.InvalidKey, $"'{key}' is not a module key: expected the 64 lowercase hex digits of the source's SHA-256, then for TypeScript or JSX '.' and the transform variant (ts, tsx, jsx, tsx+react, tsx+react-jsx+SOURCE).");
        }

        _transformRecipe = ModuleGenerator.TransformRecipe(_key.Transform);

        if (stored.RecordExists && stored.State.Blob is { } blob)
        {
            Load(blob);
            MarkRead();
        }

        return Task.CompletedTask;
    }

    private void MarkRead() => StoredReads.Mark(catalogs, this.GetGrainId(), LogMarkReadFailed);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_budgetEntry is not null)
        {
            budget.Release(_budgetEntry);
        }

        return Task.CompletedTask;
    }

    public Task<ModuleRecord?> GetAsync() =>
        Task.FromResult(Lookup() is { } blob ? Bmes.Deserialize(blob) : null);

    public async Task<ModuleLookupResult> GetOrAddAsync(Immutable<byte[]> source)
    {
        var result = await MetadataAsync(source.Value);
        return new ModuleLookupResult(Bmes.Deserialize(result.Blob), result.Generated);
    }

    public Task<MetadataBlob?> GetMetadataBlobAsync()
    {
        var blob = Lookup();
        LeaveToCallerCache();
        return Task.FromResult(blob is null ? null : new MetadataBlob(blob, Generated: false));
    }

    public async Task<MetadataBlob> GetOrAddMetadataBlobAsync(Immutable<byte[]> source)
    {
        var result = await MetadataAsync(source.Value);
        LeaveToCallerCache();
        return result;
    }

    private async Task<MetadataBlob> MetadataAsync(byte[] source)
    {
        if (Lookup() is { } blob)
        {
            return new MetadataBlob(blob, Generated: false);
        }

        Verify(source);
        bool generated = await EnsureAsync(source, bytecode: false);
        metrics.Served(_metadataBlob!.Length);
        return new MetadataBlob(_metadataBlob, generated);
    }

    /// <summary>
    /// The blob calls serve batch grains, which keep the record in their silo's record cache and ask again only
    /// after evicting it: this activation would just hold a second copy, plus a few KB of activation, until
    /// Orleans collects it. So once it has answered with a record it leaves when idle; a later request
    /// reactivates it from storage. Work in flight keeps it active, so generation stays once per hash.
    /// </summary>
    private void LeaveToCallerCache()
    {
        // After a miss the caller usually uploads the source next: staying saves a second activation.
        if (_work is null && _metadataBlob is not null)
        {
            DeactivateOnIdle();
        }
    }

    public Task<Immutable<byte[]>?> GetBlobAsync()
    {
        if (_blob is null)
        {
            metrics.Miss();
            return Task.FromResult<Immutable<byte[]>?>(null);
        }

        Hit(_blob.Length);
        return Task.FromResult<Immutable<byte[]>?>(_blob.AsImmutable());
    }

    public async Task<Immutable<byte[]>> GetOrAddBlobAsync(Immutable<byte[]> source)
    {
        if (_bytecodeSettled)
        {
            Hit(_blob!.Length);
            return _blob.AsImmutable();
        }

        metrics.Miss();
        Verify(source.Value);
        await EnsureAsync(source.Value, bytecode: true);
        metrics.Served(_blob!.Length);
        return _blob.AsImmutable();
    }

    /// <summary>The metadata blob on a hit (counted), or null on a miss (counted).</summary>
    private byte[]? Lookup()
    {
        if (_metadataBlob is null)
        {
            metrics.Miss();
            return null;
        }

        Hit(_metadataBlob.Length);
        return _metadataBlob;
    }

    private void Hit(int bytes)
    {
        metrics.Hit();
        metrics.Served(bytes);
        if (_budgetEntry is not null)
        {
            budget.Touch(_budgetEntry);
        }
    }

    /// <summary>Never trust the caller: size first (cheap), then the hash of exactly these bytes against the key.</summary>
    private void Verify(byte[] source)
    {
        int limit = options.Value.MaxSourceBytes;
        if (source.Length > limit)
        {
            metrics.Rejected();
            LogRejected(_key.Hash, $"{source.Length} bytes, above the {limit}-byte limit");
            throw new ModuleRejectedException(RejectionReason.SourceTooLarge, $"Module {_key.Hash}: source of {source.Length} bytes exceeds the {limit}-byte limit.");
        }

        var actual = ContentHash.Compute(source);
        if (actual != _key.Hash)
        {
            metrics.Rejected();
            LogRejected(_key.Hash, $"its SHA-256 is {actual}");
            throw new ModuleRejectedException(RejectionReason.HashMismatch, $"Module {_key.Hash}: the uploaded source hashes to {actual}; nothing was stored.");
        }
    }

    /// <summary>Makes sure the wanted state exists, joining work already in flight. True when this call did the work.</summary>
    private async Task<bool> EnsureAsync(byte[] source, bool bytecode)
    {
        bool didWork = false;
        while (bytecode ? !_bytecodeSettled : _metadataBlob is null)
        {
            if (_work is { } running)
            {
                await running;
                continue;
            }

            var work = GenerateAndStoreAsync(source, bytecode);
            _work = work;
            try
            {
                await work;
                didWork = true;
            }
            finally
            {
                _work = null;
            }
        }

        return didWork;
    }

    private async Task GenerateAndStoreAsync(byte[] source, bool bytecode)
    {
        var watch = Stopwatch.StartNew();
        GeneratedModule generated;
        try
        {
            generated = _metadataBlob is not null && bytecode
                ? await generation.AddBytecodeAsync(Bmes.Deserialize(_blob!), _key, source)
                : await generation.GenerateAsync(_key, source, bytecode);
        }
        catch (ModuleAnalysisException e)
        {
            throw new ModuleRejectedException(RejectionReason.NotAnalysable, $"Module {_key.Hash}: {e.Message}");
        }

        metrics.Generated(watch.Elapsed);
        await StoreAsync(generated.Blob);
        Accept(generated.Record, generated.Blob);
    }

    private async Task StoreAsync(byte[] blob)
    {
        stored.State.Blob = blob;
        try
        {
            await stored.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Another activation of this key (after a failure) wrote first. The content is addressed by its hash,
            // so overwriting with an equivalent blob is safe: take the current ETag and write again.
            await stored.ReadStateAsync();
            stored.State.Blob = blob;
            await stored.WriteStateAsync();
        }
    }

    /// <summary>
    /// Validates a stored blob before anything of it is served: structure and checksum, the key, and the recipe.
    /// A blob that fails is counted, logged and left to be regenerated by the next request that brings the source.
    /// </summary>
    private void Load(byte[] blob)
    {
        if (Bmes.TryReadVersion(blob, out uint version) && version is > 0 and < Bmes.Version)
        {
            // Written by an earlier release (BMES v1 had no transform in its recipe): stale, not damaged.
            metrics.Stale();
            LogStaleFormat(_key.Hash, version, Bmes.Version);
            return;
        }

        if (!Bmes.TryDeserialize(blob, out var record, out var result))
        {
            metrics.Corrupt();
            LogCorrupt(_key.Hash, result.ToString());
            return;
        }

        if (record!.SourceHash != _key.Hash)
        {
            metrics.Corrupt();
            LogCorrupt(_key.Hash, $"the blob is for source {record.SourceHash}");
            return;
        }

        if (record.AnalyzerVersion != ModuleGenerator.AnalyzerVersion)
        {
            metrics.Stale();
            LogStale(_key.Hash, "analyser", record.AnalyzerVersion, ModuleGenerator.AnalyzerVersion);
            return;
        }

        if (record.Transform != _transformRecipe)
        {
            metrics.Stale();
            LogStale(_key.Hash, "transform", record.Transform, _transformRecipe);
            return;
        }

        if (record.Transform.Length != 0 && record.SyntaxError is null && !record.HasEmittedCode)
        {
            // Only a metadata record was stored: bytecode would need the emitted code again, so start over.
            metrics.Corrupt();
            LogCorrupt(_key.Hash, "a transformed module's blob without its emitted code");
            return;
        }

        if (record.HasBytecode && record.BytecodeProducer != ModuleGenerator.BytecodeProducer)
        {
            // The record is current; only the bytecode is for another engine. Keep the record, drop the bytecode.
            metrics.Stale();
            LogStale(_key.Hash, "bytecode producer", record.BytecodeProducer, ModuleGenerator.BytecodeProducer);
            record = record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", ModuleGenerator.NotRequestedNote);
            blob = Bmes.Serialize(record);
        }

        Accept(record, blob);
    }

    private void Accept(ModuleRecord record, byte[] blob)
    {
        _blob = blob;
        var metadata = record.WithoutPayload();
        _metadataBlob = ReferenceEquals(metadata, record) ? blob : Bmes.Serialize(metadata);
        _bytecodeSettled = record.HasBytecode || record.SyntaxError is not null || record.BytecodeNote != ModuleGenerator.NotRequestedNote;

        long held = _blob.Length + (ReferenceEquals(_metadataBlob, _blob) ? 0 : _metadataBlob.Length);
        if (_budgetEntry is null)
        {
            _budgetEntry = budget.Track(GrainContext, held);
        }
        else
        {
            budget.Update(_budgetEntry, held);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record a read of {GrainId} for retention")]
    private partial void LogMarkReadFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected upload for module {Hash}: {Reason}")]
    private partial void LogRejected(ContentHash hash, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored blob of module {Hash} is corrupt and will be regenerated: {Reason}")]
    private partial void LogCorrupt(ContentHash hash, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored blob of module {Hash} is stale and will be regenerated: format BMES v{Stored}, running BMES v{Running}")]
    private partial void LogStaleFormat(ContentHash hash, uint stored, int running);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored blob of module {Hash} is stale and will be regenerated: {Part} {Stored}, running {Running}")]
    private partial void LogStale(ContentHash hash, string part, string stored, string running);
}
