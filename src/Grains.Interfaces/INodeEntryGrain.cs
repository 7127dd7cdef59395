using Orleans.Concurrency;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// One entry of Node's compile cache: keyed by <see cref="NodeEntryKey"/> (the runtime, how the source is compiled,
/// the SHA-256 of the file's bytes). Compiles the source with that runtime at most once across the cluster, without
/// running it, and stores the entry. Entries are only as trustworthy as their producer, so only the cluster makes
/// them: a client never uploads an entry, only the source, whose hash is checked against the key first.
/// </summary>
[Alias("esmcache.INodeEntryGrain")]
public interface INodeEntryGrain : IGrainWithStringKey
{
    /// <summary>The stored entry, or null when none was made yet.</summary>
    [Alias("GetAsync")]
    Task<NodeEntry?> GetAsync();

    /// <summary>The entry; made from <paramref name="source"/> (the file's bytes) on a miss, at most once.</summary>
    /// <exception cref="ModuleRejectedException">The key, the source or the runtime is refused, or the source does not compile.</exception>
    [Alias("GetOrAddAsync")]
    Task<NodeEntry> GetOrAddAsync(Immutable<byte[]> source);
}
