using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>
/// What the daemon keeps between requests and hands to each one in its <see cref="CommandContext"/>: watched roots
/// whose last scans answer again, parsed indexes, git's answers, and one gate per root.
/// </summary>
internal sealed class DaemonState(WatchedScans watches) : IDisposable
{
    private readonly Dictionary<string, SemaphoreSlim> _roots = new(StringComparer.Ordinal);

    public WatchedScans Watches { get; } = watches;

    public ParsedScanIndexes Indexes { get; } = new();

    public GitAnswers Git { get; } = new(watches);

    /// <summary>
    /// Waits until no other request scans <paramref name="root"/>: a root's watch and parsed index record one scan's
    /// checks at a time. Requests for other roots go on meanwhile.
    /// </summary>
    public async Task<IDisposable> EnterRootAsync(string root, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_roots)
        {
            if (!_roots.TryGetValue(root, out gate!))
            {
                _roots[root] = gate = new SemaphoreSlim(1, 1);
            }
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Exit(gate);
    }

    public void Dispose() => Watches.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
