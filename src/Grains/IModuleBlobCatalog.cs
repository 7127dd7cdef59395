namespace EsmCacheCluster.Grains;

/// <summary>
/// Module storage as a whole, for retention: list, delete unless changed, and record reads coarsely (at most once per
/// <see cref="EsmCacheCluster.Format.CacheUse.Resolution"/> per blob, so a hit costs no write).
/// </summary>
public interface IModuleBlobCatalog
{
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="blob"/> if it is still the version listed; false when it changed or is gone.</summary>
    Task<bool> DeleteAsync(StoredBlob blob, CancellationToken cancellationToken);

    /// <summary>Records that the grain <paramref name="grainId"/> read its blob; best effort.</summary>
    Task MarkReadAsync(GrainId grainId, CancellationToken cancellationToken);
}
