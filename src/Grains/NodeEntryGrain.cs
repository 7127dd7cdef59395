using System.Security.Cryptography;
using EsmCacheCluster.Grains.Interfaces;
using EsmCacheCluster.NodeCache;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace EsmCacheCluster.Grains;

/// <summary>
/// One Node compile cache entry (see <see cref="INodeEntryGrain"/>). Not reentrant: a request that arrives while the
/// entry is compiled waits and then finds it stored, so each entry is compiled once across the cluster.
/// </summary>
[GrainType(NodeEntryStorage.GrainType)]
public sealed partial class NodeEntryGrain(
    [PersistentState(NodeEntryStorage.StateName, NodeEntryStorage.Name)] IPersistentState<NodeEntryState> stored,
    NodeRuntimeService runtimes,
    IOptions<ModuleCacheOptions> options,
    IEnumerable<IModuleBlobCatalog> catalogs,
    ILogger<NodeEntryGrain> logger) : Grain, INodeEntryGrain
{
    private NodeEntryKey _key;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string key = this.GetPrimaryKeyString();
        if (!NodeEntryKey.TryParse(key, out _key))
        {
            throw new ModuleRejectedException(RejectionReason.InvalidKey, $"'{key}' is not a node entry key: expected {NodeEntryKey.Shape}.");
        }

        if (stored.RecordExists)
        {
            MarkRead();
        }

        return Task.CompletedTask;
    }

    private void MarkRead() => StoredReads.Mark(catalogs, this.GetGrainId(), LogMarkReadFailed);

    public Task<NodeEntry?> GetAsync() =>
        Task.FromResult(Stored() is { } entry ? new NodeEntry(stored.State.Kind, entry, Generated: false) : null);

    public async Task<NodeEntry> GetOrAddAsync(Immutable<byte[]> source)
    {
        byte[] bytes = source.Value;
        if (bytes.Length > options.Value.MaxSourceBytes)
        {
            throw new ModuleRejectedException(RejectionReason.SourceTooLarge, $"{bytes.Length:N0} bytes, above this cluster's {options.Value.MaxSourceBytes:N0}-byte limit");
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != _key.Sha256)
        {
            throw new ModuleRejectedException(RejectionReason.HashMismatch, $"the uploaded source does not hash to {_key.Sha256}; nothing was compiled or stored");
        }

        if (Stored() is { } kept)
        {
            return new NodeEntry(stored.State.Kind, kept, Generated: false);
        }

        var runtime = await runtimes.FindAsync(_key.Runtime)
            ?? throw new ModuleRejectedException(RejectionReason.RuntimeNotServed, $"no silo of this cluster runs Node {_key.Runtime}");
        (NodeCacheKind Kind, byte[] Entry) made;
        try
        {
            made = await runtimes.CompileAsync(runtime, _key.Format.ToModuleFormat(), _key.Sha256, bytes, CancellationToken.None);
        }
        catch (NodeCompileException e)
        {
            throw new ModuleRejectedException(RejectionReason.NotCompilable, e.Message);
        }

        stored.State = new NodeEntryState { Kind = (byte)made.Kind, Entry = made.Entry };
        try
        {
            await stored.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The answer stands; the next activation compiles it again.
            LogNotStored(e, _key.ToString());
        }

        return new NodeEntry((byte)made.Kind, made.Entry, Generated: true);
    }

    /// <summary>The stored entry when it is whole (its header and checksum hold); a damaged one is made again.</summary>
    private byte[]? Stored()
    {
        if (!stored.RecordExists || stored.State.Entry is not { } entry || !_key.Format.ToModuleFormat().Allows((NodeCacheKind)stored.State.Kind))
        {
            return null;
        }

        // Code size and hash are the client's to check against its file; here, that the entry is one and whole.
        return NodeCacheEntry.CheckWhole(entry) is null ? entry : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not mark node entry {GrainId} as read")]
    private partial void LogMarkReadFailed(Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node entry {Key} was made but not stored")]
    private partial void LogNotStored(Exception exception, string key);
}
