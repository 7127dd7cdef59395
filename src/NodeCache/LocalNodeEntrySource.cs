namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Entries from this machine: the kept ones (<see cref="NodeEntryStore"/>), else compiled by the runtime itself with up
/// to <paramref name="compilers"/> compilers (started on the first miss) and kept.
/// </summary>
public sealed class LocalNodeEntrySource(NodeRuntime runtime, NodeEntryStore store, Func<CancellationToken, Task<NodeCompiler>> startCompiler, int compilers) : INodeEntrySource
{
    private readonly NodeCompilerPool _compilers = new(runtime, startCompiler, compilers);

    public async Task<NodeEntryAnswer> GetAsync(NodeModuleFormat format, string sha256, byte[] file, CancellationToken cancellationToken)
    {
        if (Kept(format, sha256, file) is { } kept)
        {
            return kept;
        }

        var (kind, entry) = await _compilers.CompileAsync(format, sha256, file, cancellationToken).ConfigureAwait(false);
        Keep(format, kind, sha256, entry);
        return new NodeEntryAnswer(kind, entry, Generated: true);
    }

    /// <summary>A kept entry for these bytes compiled as <paramref name="format"/>, checked against them; null when there is none.</summary>
    public NodeEntryAnswer? Kept(NodeModuleFormat format, string sha256, byte[] file)
    {
        foreach (var (name, kind) in Names(format))
        {
            if (store.Find(runtime, name, kind, sha256, runtime.HashedSource(kind, file)) is { } stored)
            {
                return new NodeEntryAnswer(kind, stored, Generated: false);
            }
        }

        return null;
    }

    /// <summary>Keeps an entry made here or by a cluster (already checked against its file).</summary>
    public void Keep(NodeModuleFormat format, NodeCacheKind kind, string sha256, byte[] entry) =>
        store.Add(runtime, Array.Find(Names(format), n => n.Kind == kind).Name ?? throw new ArgumentException($"{format} is never compiled as {kind}", nameof(kind)), sha256, entry);

    // How the store names what it holds: the format asked for, and for detection what it found.
    private static (string Name, NodeCacheKind Kind)[] Names(NodeModuleFormat format) => format switch
    {
        NodeModuleFormat.CommonJs => [("commonjs", NodeCacheKind.CommonJs)],
        NodeModuleFormat.EsModule => [("module", NodeCacheKind.EsModule)],
        NodeModuleFormat.TypeScript => [("typescript", NodeCacheKind.StrippedTypeScript)],
        _ => [("detected-commonjs", NodeCacheKind.CommonJs), ("detected-module", NodeCacheKind.EsModule)],
    };

    public ValueTask DisposeAsync() => _compilers.DisposeAsync();
}
