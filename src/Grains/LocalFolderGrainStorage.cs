using EsmCacheCluster.Format;
using EsmCacheCluster.Grains.Interfaces;
using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The embedded default storage: module blobs as files in a <see cref="BmesDirectory"/>, written atomically.
/// Content-addressed, so two writers of one key write equivalent blobs; the last rename wins and no ETag check
/// is needed. The grain validates what it reads.
/// </summary>
public sealed class LocalFolderGrainStorage(string root) : IGrainStorage
{
    private readonly BmesDirectory _directory = new(root);

    public string Root => _directory.Root;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = _directory.TryRead(HashOf(grainId));
        grainState.RecordExists = blob is not null;
        grainState.ETag = blob is null ? null : blob.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.State = (T)(object)new ModuleBlobState { Blob = blob };
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = (grainState.State as ModuleBlobState)?.Blob
            ?? throw new NotSupportedException($"{nameof(LocalFolderGrainStorage)} stores {nameof(ModuleBlobState)} blobs only.");
        _directory.Write(HashOf(grainId), blob);
        grainState.RecordExists = true;
        grainState.ETag = blob.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _directory.Delete(HashOf(grainId));
        grainState.RecordExists = false;
        grainState.ETag = null;
        grainState.State = (T)(object)new ModuleBlobState();
        return Task.CompletedTask;
    }

    /// <summary>Paths are built only from canonical keys, never from an arbitrary key string.</summary>
    private static CacheKey HashOf(GrainId grainId) =>
        ModuleKey.TryParse(grainId.Key.ToString(), out var key)
            ? key
            : throw new ArgumentException($"'{grainId.Key}' is not a module key (64 lowercase hex digits of SHA-256, then an optional transform variant).");
}
