namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Where a warm gets a file's entry: kept ones, this machine's node, or a cluster. A source may be wrong or hostile;
/// the warmer checks every entry against the file before writing it.
/// </summary>
public interface INodeEntrySource : IAsyncDisposable
{
    /// <summary>The entry for <paramref name="file"/> (its bytes, with SHA-256 <paramref name="sha256"/>) compiled as <paramref name="format"/>.</summary>
    /// <exception cref="NodeCompileException">The source does not compile (the file gets no entry; Node compiles it itself).</exception>
    Task<NodeEntryAnswer> GetAsync(NodeModuleFormat format, string sha256, byte[] file, CancellationToken cancellationToken);
}

/// <summary>An entry, what its source was compiled as, and whether it was compiled for this request (a miss everywhere).</summary>
public readonly record struct NodeEntryAnswer(NodeCacheKind Kind, byte[] Entry, bool Generated);
