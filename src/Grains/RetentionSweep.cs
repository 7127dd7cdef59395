namespace EsmCacheCluster.Grains;

/// <summary>Which stored blobs retention deletes: not read for <see cref="RetentionOptions.MaxAge"/>, then the least recently read while over <see cref="RetentionOptions.MaxBytes"/>.</summary>
public static class RetentionSweep
{
    /// <summary>
    /// The blobs to delete, least recently read first. A blob changed or read within <see cref="RetentionOptions.MinAge"/>
    /// is never chosen (it may be a module being generated, or one just stored), even when that leaves storage over the
    /// cap: the next sweep gets to it.
    /// </summary>
    public static List<StoredBlob> Choose(List<StoredBlob> blobs, RetentionOptions options, DateTimeOffset now)
    {
        blobs.Sort(static (a, b) => a.LastRead != b.LastRead ? a.LastRead.CompareTo(b.LastRead) : string.CompareOrdinal(a.Name, b.Name));
        long total = 0;
        foreach (var blob in blobs)
        {
            total += blob.Bytes;
        }

        var chosen = new List<StoredBlob>();
        foreach (var blob in blobs)
        {
            if (now - blob.LastChanged < options.MinAge || now - blob.LastRead < options.MinAge)
            {
                continue;
            }

            if (now - blob.LastRead > options.MaxAge || (options.MaxBytes is { } max && total > max))
            {
                chosen.Add(blob);
                total -= blob.Bytes;
            }
        }

        return chosen;
    }

    /// <summary>Lists <paramref name="catalog"/>, deletes what <see cref="Choose"/> picks (unless changed since), and says what it did.</summary>
    public static async Task<(int Listed, long ListedBytes, int Deleted, long DeletedBytes)> RunAsync(
        IModuleBlobCatalog catalog, RetentionOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blobs = new List<StoredBlob>();
        long listedBytes = 0;
        await foreach (var blob in catalog.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            blobs.Add(blob);
            listedBytes += blob.Bytes;
        }

        int listed = blobs.Count, deleted = 0;
        long deletedBytes = 0;
        foreach (var blob in Choose(blobs, options, now))
        {
            if (await catalog.DeleteAsync(blob, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
                deletedBytes += blob.Bytes;
            }
        }

        return (listed, listedBytes, deleted, deletedBytes);
    }
}
