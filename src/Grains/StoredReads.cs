namespace EsmCacheCluster.Grains;

/// <summary>
/// Tells retention that a grain read its stored state (storage writes the mark at most daily). Not awaited: an
/// activation never waits on it, and an unreachable storage only makes the state look older than it is.
/// </summary>
internal static class StoredReads
{
    public static void Mark(IEnumerable<IModuleBlobCatalog> catalogs, GrainId grainId, Action<Exception, GrainId> failed)
    {
        foreach (var catalog in catalogs)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await catalog.MarkReadAsync(grainId, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failed(e, grainId);
                }
            });
        }
    }
}
