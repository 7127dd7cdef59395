using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Node compile cache entries as files under <c>ROOT/node/{runtime}/{format}/{sha256}.entry</c>: Node's type byte, then
/// the entry. Written atomically; readers (the grain, the client) check every entry before use. A file's modification
/// time is its last read, as for blobs, so <see cref="LocalFolderBlobCatalog"/>'s retention covers entries too.
/// </summary>
public sealed class NodeEntryFolderStorage(string root) : IGrainStorage
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(root), "node");

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[]? bytes;
        string path = PathOf(grainId);
        try
        {
            bytes = File.ReadAllBytes(path);
            CacheUse.MarkRead(path); // its last read, for retention (moved at most daily)
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            bytes = null;
        }

        bool exists = bytes is { Length: > 1 };
        grainState.RecordExists = exists;
        grainState.ETag = exists ? bytes!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        grainState.State = (T)(object)(exists ? new NodeEntryState { Kind = bytes![0], Entry = bytes[1..] } : new NodeEntryState());
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is not NodeEntryState { Entry: { } entry } state)
        {
            throw new NotSupportedException($"{nameof(NodeEntryFolderStorage)} stores {nameof(NodeEntryState)} entries only.");
        }

        byte[] bytes = [state.Kind, .. entry];
        AtomicFile.Write(PathOf(grainId), bytes);
        grainState.RecordExists = true;
        grainState.ETag = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(grainId));
        grainState.RecordExists = false;
        grainState.ETag = null;
        grainState.State = (T)(object)new NodeEntryState();
        return Task.CompletedTask;
    }

    /// <summary>Paths are built only from parsed keys, never from an arbitrary key string.</summary>
    private string PathOf(GrainId grainId) =>
        NodeEntryKey.TryParse(grainId.Key.ToString() ?? "", out var key)
            ? Path.Combine(Root, key.Runtime, NodeEntryKey.FormatName(key.Format), key.Sha256 + ".entry")
            : throw new ArgumentException($"'{grainId.Key}' is not a node entry key: expected {NodeEntryKey.Shape}.");
}
