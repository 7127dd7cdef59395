using System.Collections.Concurrent;
using EsmCacheCluster.Graph.Indexing;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// The file system as the resolver sees it in one process: each fact (what a path is, where a link points, a
/// manifest's bytes) is asked once, and every answer is recorded as a dependency of whatever resolution asked for
/// it, directly or through a cached package.json, tsconfig.json or real path. A resolution cached by an earlier
/// scan is reused only when every fact it depended on still holds (<see cref="FileFact.StillHolds"/>), so a file
/// appearing where a lookup found nothing, a retargeted link or an edited manifest invalidates exactly the
/// resolutions that looked there.
/// </summary>
/// <remarks>
/// The answers the resolver uses are derived from the recorded facts themselves (never from a second look), and
/// content is stat-ed before it is read: a fact that changes later can only make a cached resolution look stale,
/// never make a stale one look valid.
/// </remarks>
public sealed class ResolverFileSystem
{
    [ThreadStatic]
    private static DependencyScope? s_scope;

    // One table per kind, keyed by path: string-keyed tables of classes share the runtime's precompiled code, which
    // matters for a process that lives a fraction of a second.
    private readonly ConcurrentDictionary<string, FileFact>[] _facts = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private int _nextId = -1;

    /// <summary>Every fact asked so far; <see cref="FileFact.Id"/> is what dependency lists hold.</summary>
    public IEnumerable<FileFact> Facts => _facts.SelectMany(table => table.Values);

    /// <summary>One more than the highest fact id handed out.</summary>
    public int FactIdLimit => Volatile.Read(ref _nextId) + 1;

    public FileKind Kind(string path) => Fact(FactKind.Probe, path).Stat.Kind;

    public bool IsFile(string path) => Kind(path) == FileKind.File;

    public bool IsDirectory(string path) => Kind(path) == FileKind.Directory;

    /// <summary>The target of the symbolic link at <paramref name="path"/> (as stored in the link); null when it is not a link.</summary>
    public string? LinkTarget(string path) => Fact(FactKind.Link, path).LinkTarget;

    /// <summary>The file's bytes, or null when it is larger than <paramref name="maxBytes"/>; its stat (taken first) is the dependency.</summary>
    public byte[]? ReadAllBytes(string path, long maxBytes)
    {
        var fact = Fact(FactKind.Content, path);
        if (fact.Stat.Exists && fact.Stat.Size > maxBytes)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length > maxBytes ? null : bytes;
    }

    /// <summary>
    /// Runs <paramref name="work"/> and returns what it computed with the ids of every fact it depended on; facts a
    /// cached value depended on are replayed by <see cref="Remember{T}"/>. Scopes nest, per thread.
    /// </summary>
    public static T Track<T>(Func<T> work, out int[] dependencies)
    {
        var scope = new DependencyScope(s_scope);
        s_scope = scope;
        try
        {
            var value = work();
            dependencies = [.. scope.Ids];
            return value;
        }
        finally
        {
            s_scope = scope.Outer;
            scope.Outer?.Ids.UnionWith(scope.Ids);
        }
    }

    /// <summary>A value computed once per key, whose dependencies are recorded again on every use.</summary>
    public static T Remember<T, TState>(ConcurrentDictionary<string, Remembered<T>> cache, string key, Func<string, TState, T> factory, TState state)
    {
        if (cache.TryGetValue(key, out var hit))
        {
            Record(hit.Dependencies);
            return hit.Value;
        }

        var value = ResolverFileSystem.Track(() => factory(key, state), out var dependencies);
        cache.TryAdd(key, new Remembered<T>(value, dependencies));
        return value;
    }

    private static void Record(int[] ids)
    {
        if (s_scope is { } scope)
        {
            foreach (int id in ids)
            {
                scope.Ids.Add(id);
            }
        }
    }

    private FileFact Fact(FactKind kind, string path)
    {
        // Two threads may observe the same path at once; only the stored observation is ever returned or recorded.
        var table = _facts[(int)kind];
        if (!table.TryGetValue(path, out var fact))
        {
            fact = table.GetOrAdd(path, FileFact.Observe(Interlocked.Increment(ref _nextId), kind, path));
        }

        s_scope?.Ids.Add(fact.Id);
        return fact;
    }

    private sealed class DependencyScope(DependencyScope? outer)
    {
        public DependencyScope? Outer { get; } = outer;

        public HashSet<int> Ids { get; } = [];
    }
}

/// <summary>A value a resolver computed once, and the facts it depended on (recorded again on each use).</summary>
public sealed record Remembered<T>(T Value, int[] Dependencies);
