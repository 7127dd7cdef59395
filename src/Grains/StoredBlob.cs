namespace EsmCacheCluster.Grains;

/// <summary>
/// One blob in module storage as the sweeper sees it: its name, size, last read (coarse, see
/// <see cref="IModuleBlobCatalog.MarkReadAsync"/>), last change of any kind, and the version a conditional delete
/// checks, so a blob rewritten after it was listed is not deleted.
/// </summary>
public readonly record struct StoredBlob(string Name, long Bytes, DateTimeOffset LastRead, DateTimeOffset LastChanged, string Version);
