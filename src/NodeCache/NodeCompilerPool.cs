using System.Collections.Concurrent;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Up to <paramref name="size"/> compilers of one runtime, started on first need and each lent to one module at a
/// time; a compiler whose process ended is not lent again. Turns a compiled payload into the entry for its source
/// (a stripped text only once it is checked to be a stripping of that source).
/// </summary>
public sealed class NodeCompilerPool(NodeRuntime runtime, Func<CancellationToken, Task<NodeCompiler>> start, int size) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, size), Math.Max(1, size));
    private readonly ConcurrentBag<NodeCompiler> _free = [];
    private readonly ConcurrentBag<NodeCompiler> _all = [];

    /// <summary>The entry for <paramref name="file"/> (its bytes) compiled as <paramref name="format"/>, and what it was compiled as.</summary>
    public async Task<(NodeCacheKind Kind, byte[] Entry)> CompileAsync(NodeModuleFormat format, string sha256, byte[] file, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        NodeCompiler? compiler = null;
        try
        {
            if (!_free.TryTake(out compiler))
            {
                compiler = await start(cancellationToken).ConfigureAwait(false);
                _all.Add(compiler);
            }

            // The payload does not depend on the file's path: one named by the content stands for every checkout.
            string path = $"/esmcache/{sha256}{format switch { NodeModuleFormat.EsModule => ".mjs", NodeModuleFormat.TypeScript => ".ts", _ => ".js" }}";
            var (kind, payload) = await compiler.CompileAsync(format, path, file, cancellationToken).ConfigureAwait(false);
            var hashed = runtime.HashedSource(kind, file);
            if (kind == NodeCacheKind.StrippedTypeScript && NodeTypeStripping.CheckStripped(hashed, payload) is { } problem)
            {
                throw new NodeCompileException($"the runtime's stripping is not one esmcache can check: {problem}");
            }

            // A stripped-TypeScript entry is kept without the sourceURL comment Node adds (it names the file): the
            // warmer adds it for each path.
            return (kind, NodeCacheEntry.Compose(hashed, payload));
        }
        finally
        {
            if (compiler is { IsRunning: true })
            {
                _free.Add(compiler);
            }

            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var compiler in _all)
        {
            await compiler.DisposeAsync().ConfigureAwait(false);
        }

        _slots.Dispose();
    }
}
