using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// For a process that scans the same roots again and again (the daemon): each root gets a <see cref="TreeWatch"/>,
/// and a root's last scan answers again, without a single stat of the tree, while the watch has seen nothing change
/// since that scan began. What the watch cannot see is checked on every answer instead: resolution facts about paths
/// outside the watched folders (a tsconfig.json above the root, a package reached through a symlinked folder) and
/// modules that are symbolic links. Where a root cannot be watched (not Linux, a network file system, too many
/// folders) every scan is a full one, as without this.
/// </summary>
public sealed class WatchedScans : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TreeWatch?> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>Why the last root that could not be watched could not (for the daemon's log).</summary>
    public string? LastProblem { get; private set; }

    /// <summary>
    /// The last scan of <paramref name="root"/> under <paramref name="settings"/> if nothing it read has changed since
    /// it began; otherwise null, with <paramref name="lease"/> to hand to <see cref="Keep"/> once the new scan is done
    /// (null too when the root cannot be watched). The watch is running before this returns, so a change made while
    /// the new scan reads the tree is seen next time.
    /// </summary>
    internal ScanResult? TryReuse(string root, string settings, out Lease? lease)
    {
        lock (_gate)
        {
            lease = null;
            if (!_watches.TryGetValue(root, out var watch))
            {
                watch = TreeWatch.TryStart(root, out var problem);
                _watches[root] = watch; // a root that cannot be watched is not tried again by this process
                LastProblem = problem is null ? LastProblem : $"{root} is not watched: {problem}";
                if (watch is null)
                {
                    return null;
                }
            }
            else if (watch is null)
            {
                return null;
            }

            if (watch.Drain(out var broke) is null)
            {
                Forget(root, watch, broke);
                return null;
            }

            lease = new Lease(watch, settings, watch.Generation);
            if (_kept.TryGetValue(settings, out var kept) && kept.Generation == watch.Generation && kept.Watch == watch && kept.OutsideStillHolds())
            {
                return kept.Result;
            }

            _kept.Remove(settings);
            return null;
        }
    }

    /// <summary>
    /// How many changes the watch of <paramref name="root"/> (a real, full path) has seen, counting every change made
    /// before this call; equal answers mean nothing under the root changed in between. Null when the root is not
    /// watched (no scan of it yet in this process, or it cannot be).
    /// </summary>
    public long? Generation(string root)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(root, out var watch) || watch is null)
            {
                return null;
            }

            if (watch.Drain(out var broke) is null)
            {
                Forget(root, watch, broke);
                return null;
            }

            return watch.Generation;
        }
    }

    /// <summary>
    /// Keeps <paramref name="result"/> to answer again, unless the tree changed while it was made or it depends on
    /// something that may pass (an unreadable file). <paramref name="facts"/> are the file system facts its
    /// resolutions used and <paramref name="files"/> each module's stat, both as recorded by the scan that started at
    /// <paramref name="startedNs"/>.
    /// </summary>
    internal void Keep(Lease lease, ScanResult result, long startedNs, IEnumerable<FileFact> facts, IEnumerable<(string Path, FileStat Stat)> files)
    {
        foreach (var problem in result.Problems)
        {
            if (!problem.Lasting || IsLink(Path.Join(result.Graph.Root, problem.Path)))
            {
                return;
            }
        }

        lock (_gate)
        {
            var watch = lease.Watch;
            if (!_watches.TryGetValue(watch.Root, out var current) || current != watch)
            {
                return;
            }

            if (watch.Drain(out var broke) is not false || watch.Generation != lease.Generation)
            {
                if (broke is not null)
                {
                    Forget(watch.Root, watch, broke);
                }

                return; // changed while scanning: the next scan looks again
            }

            var outsideFacts = new List<FileFact>();
            var seen = new HashSet<(FactKind, string)>();
            foreach (var fact in facts)
            {
                if (!watch.Covers(Path.GetDirectoryName(fact.Path) ?? fact.Path) && seen.Add((fact.Kind, fact.Path)))
                {
                    outsideFacts.Add(fact);
                }
            }

            var outsideFiles = new List<(string Path, FileStat Stat)>();
            foreach (var (path, stat) in files)
            {
                // A symlinked module's bytes live wherever its target is: stat it each time.
                if (!watch.Covers(Path.GetDirectoryName(path)!) || IsLink(path))
                {
                    outsideFiles.Add((path, stat));
                }
            }

            _kept[lease.Settings] = new Kept(watch, lease.Generation, Settle(result), startedNs, [.. outsideFacts], [.. outsideFiles]);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Values)
            {
                watch?.Dispose();
            }

            _watches.Clear();
            _kept.Clear();
        }
    }

    private void Forget(string root, TreeWatch watch, string? problem)
    {
        watch.Dispose();
        _watches[root] = null;
        LastProblem = $"{root} is no longer watched: {problem}";
        foreach (var (settings, kept) in _kept.ToArray())
        {
            if (kept.Watch == watch)
            {
                _kept.Remove(settings);
            }
        }
    }

    /// <summary>The result as a warm scan of the unchanged tree would give it: nothing read, resolved or analysed.</summary>
    private static ScanResult Settle(ScanResult result)
    {
        var graph = result.Graph;
        bool settled = true;
        foreach (var module in graph.Modules)
        {
            settled &= module.Origin == FetchOrigin.LocalCache;
        }

        if (!settled)
        {
            var modules = new GraphModule[graph.Modules.Count];
            for (int i = 0; i < modules.Length; i++)
            {
                modules[i] = graph.Modules[i] with { Origin = FetchOrigin.LocalCache };
            }

            graph = graph.WithModules(modules);
        }

        return result with { Graph = graph, Hashed = 0, Resolved = 0, IndexNote = null, Watched = true };
    }

    private static bool IsLink(string path) => FileStat.Of(path, followLinks: false).Kind == FileKind.SymbolicLink;

    internal sealed record Lease(TreeWatch Watch, string Settings, long Generation);

    private sealed record Kept(TreeWatch Watch, long Generation, ScanResult Result, long StartedNs, FileFact[] OutsideFacts, (string Path, FileStat Stat)[] OutsideFiles)
    {
        public bool OutsideStillHolds()
        {
            foreach (var fact in OutsideFacts)
            {
                if (!fact.StillHolds(StartedNs))
                {
                    return false;
                }
            }

            foreach (var (path, stat) in OutsideFiles)
            {
                if (stat.IsRacyFor(StartedNs) || FileStat.Of(path) != stat)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
