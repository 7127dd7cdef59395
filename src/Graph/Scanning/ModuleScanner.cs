using System.Diagnostics;
using System.Runtime.InteropServices;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// The scan: list the tree's modules, get every record, resolve every requested module, and build the graph;
/// per-file problems are collected. With an index store, what the root's last scan learned answers first: a file
/// whose stat is unchanged (and was not racy) is neither read nor hashed, its record comes from the index, and a
/// resolution whose file system facts all still hold is not redone. Only the rest goes to the record source, which
/// is opened on the first miss: a warm scan never starts it.
/// </summary>
public sealed class ModuleScanner
{
    private readonly Func<IModuleRecordSource> _cache;
    private readonly ModuleResolver _resolver;
    private readonly ScanIndexStore? _store;
    private readonly string _recordsIdentity;
    private readonly TimeProvider _clock;
    private readonly WatchedScans? _watched;
    private readonly bool _writeIndexLater;
    private Task<string?> _indexWritten = Task.FromResult<string?>(null);

    public ModuleScanner(IModuleRecordSource cache, ModuleResolver resolver)
        : this(() => cache, resolver)
    {
    }

    /// <param name="cache">Opens the record source; called at most once, on the first record the index does not have.</param>
    /// <param name="index">Where the root's index is read and written; null scans without one.</param>
    /// <param name="recordsIdentity">What makes records differ (analyser and transformer builds): an index written under another identity is not used.</param>
    /// <param name="clock">The wall clock the racy-timestamp rule compares with.</param>
    /// <param name="watched">Where a long-running process keeps watched roots' last scans (needs <paramref name="index"/>).</param>
    /// <param name="writeIndexLater">
    /// Write the index on another thread while the caller uses the result (an edit's scan then does not wait for
    /// rewriting an index of thousands of files); the caller awaits <see cref="IndexWritten"/> before it exits.
    /// </param>
    public ModuleScanner(Func<IModuleRecordSource> cache, ModuleResolver resolver, ScanIndexStore? index = null, string recordsIdentity = "", TimeProvider? clock = null,
        WatchedScans? watched = null, bool writeIndexLater = false)
    {
        _writeIndexLater = writeIndexLater;
        _watched = index is null ? null : watched;
        var opened = new Lazy<IModuleRecordSource>(cache, LazyThreadSafetyMode.ExecutionAndPublication);
        _cache = () => opened.Value;
        _resolver = resolver;
        _store = index;
        _recordsIdentity = recordsIdentity;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Completes when every index this scanner writes later is written; its result says why the last write failed
    /// (null when none did). The scans' answers stand either way: the next scan just has more to do.
    /// </summary>
    public Task<string?> IndexWritten => _indexWritten;

    public async Task<ScanResult> ScanAsync(string root, SourceTreeOptions options, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        // A second scan by this scanner reads what the first one wrote.
        await _indexWritten.ConfigureAwait(false);
        var total = Stopwatch.StartNew();
        long startedNs = NowNs();
        root = _resolver.RealPath(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar));
        progress?.Report(new ScanProgress("reading", 0, 0));
        cancellationToken.ThrowIfCancellationRequested();
        // TypeScript and JSX options come from each file's tsconfig, as the resolver finds them.
        options = options.Transform is null ? options with { Transform = _resolver.TransformFor } : options;

        string settings = $"esmcache scan index;root={root};{options.Settings};resolve={_resolver.Settings};records={_recordsIdentity}";
        WatchedScans.Lease? lease = null;
        if (_watched?.TryReuse(root, settings, out lease) is { } unchanged)
        {
            return unchanged with
            {
                Timings = new ScanTimings(total.Elapsed, TimeSpan.Zero, TimeSpan.Zero, total.Elapsed),
                PreviousIndex = _store!.Load(settings, out _),
            };
        }

        string? indexNote = null;
        var index = _store?.Load(settings, out indexNote);
        // A clock now earlier than when the index was written has jumped back: its times vouch for nothing. (Now, not
        // this scan's start: a concurrent scan may have written the index since.)
        bool trustTimes = index is not null && NowNs() >= index.WrittenNs;
        if (index is not null && !trustTimes)
        {
            indexNote = "the clock is earlier than when the index was written: every file is read again";
        }

        // A folder whose stat is unchanged and settled is not read again: its entries cannot have changed.
        var listings = _store is null ? null : new Dictionary<string, DirectoryListing>(index?.Listings ?? new Dictionary<string, DirectoryListing>(), StringComparer.Ordinal);
        int reused = 0;
        var (paths, problems) = SourceTree.List(root, options, listings, (known, now) =>
        {
            bool holds = trustTimes && now.Kind == FileKind.Directory && known.Stat == now && !known.Stat.IsRacyFor(index!.ScanStartedNs);
            reused += holds ? 1 : 0;
            return holds;
        });
        int relisted = (listings?.Count ?? 0) - reused;
        var entries = new Entry[paths.Count];
        int done = 0, hashed = 0;
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            entries[i] = Look(root, paths[i], options, index, trustTimes);
            if (entries[i].Hashed)
            {
                Interlocked.Increment(ref hashed);
            }

            if (entries[i].Bytes is not null)
            {
                PrepareFor(entries[i].File!.Transform);
            }

            progress?.Report(new ScanProgress("reading", Interlocked.Increment(ref done), paths.Count));
        });

        var read = total.Elapsed;
        var fetchWatch = Stopwatch.StartNew();
        await FetchMissingAsync(entries, problems, progress, cancellationToken).ConfigureAwait(false);
        var fetch = fetchWatch.Elapsed;

        var resolveWatch = Stopwatch.StartNew();
        var kept = new List<Entry>(entries.Length);
        foreach (var entry in entries)
        {
            if (entry.Problem is { } problem)
            {
                problems.Add(problem);
            }
            else if (entry.Record is not null)
            {
                kept.Add(entry);
            }
        }

        var positions = new Dictionary<string, int>(kept.Count, StringComparer.Ordinal);
        for (int i = 0; i < kept.Count; i++)
        {
            positions[kept[i].File!.FullPath] = i;
        }

        progress?.Report(new ScanProgress("resolving", 0, kept.Count));
        var modules = new GraphModule[kept.Count];
        var edgeFacts = new ResolvedFacts[kept.Count][];
        int resolved = 0;
        Parallel.For(0, kept.Count, i =>
        {
            var entry = kept[i];
            var edges = ModuleReferences.Of(entry.Record!);
            var facts = new ResolvedFacts[edges.Length];
            for (int r = 0; r < edges.Length; r++)
            {
                string specifier = edges[r].Specifier;
                var use = ResolutionUses.Of(edges[r].Kind);
                Resolution.Resolution resolution;
                if (index is not null && index.TryGetResolution(entry.File!.RelativePath, specifier, use, r, trustTimes, out resolution, out var cached))
                {
                    facts[r] = new ResolvedFacts(FromIndex: cached, FromResolver: null);
                }
                else
                {
                    resolution = _resolver.Resolve(specifier, entry.File!.FullPath, edges[r].Kind, out var dependencies);
                    facts[r] = new ResolvedFacts(FromIndex: null, FromResolver: dependencies);
                    Interlocked.Increment(ref resolved);
                }

                int target = resolution.Path is { } path && positions.TryGetValue(path, out int t) ? t : -1;
                edges[r] = edges[r] with { Resolution = resolution, Target = target };
            }

            edgeFacts[i] = facts;
            modules[i] = new GraphModule(entry.File!, entry.Record!, entry.Origin, edges);
        });

        var resolve = resolveWatch.Elapsed;
        if (_store is not null && (index is null || hashed > 0 || resolved > 0 || relisted > 0 || index.FileCount != kept.Count || index.Listings.Count != listings!.Count || !trustTimes))
        {
            // The resolver's facts are taken now: the caller may resolve more with it while the index is written.
            var factsById = FactsById();
            if (_writeIndexLater)
            {
                _indexWritten = Task.Run(() => Save(settings, startedNs, kept, modules, edgeFacts, listings!, index, factsById), CancellationToken.None);
            }
            else if (Save(settings, startedNs, kept, modules, edgeFacts, listings!, index, factsById) is { } notSaved)
            {
                indexNote = indexNote is null ? notSaved : $"{indexNote}; {notSaved}";
            }
        }

        problems.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var result = new ScanResult(new ModuleGraph(root, modules, _resolver.TsConfigFor), problems, new ScanTimings(read, fetch, resolve, total.Elapsed))
        {
            Hashed = hashed,
            Resolved = resolved,
            IndexNote = indexNote,
            PreviousIndex = index,
        };
        if (lease is not null && indexNote is null)
        {
            _watched!.Keep(lease, result, startedNs, FactsUsed(edgeFacts, index), kept.Select(entry => (entry.File!.FullPath, entry.Stat)));
        }

        return result;
    }

    /// <summary>
    /// The first miss of each kind (JavaScript as written, or a transform) lets the record source start what it will
    /// need (V8, a connection) while the rest of the tree is still read.
    /// </summary>
    private void PrepareFor(TransformOptions transform)
    {
        ref int prepared = ref transform.IsPlainJavaScript || transform.IsDeclaration ? ref _preparedPlain : ref _preparedTransform;
        if (Interlocked.Exchange(ref prepared, 1) == 0)
        {
            _cache().Prepare(transform);
        }
    }

    private int _preparedPlain;
    private int _preparedTransform;

    /// <summary>Every file system fact the scan's resolutions rest on, from the index or from the resolver.</summary>
    private IEnumerable<FileFact> FactsUsed(ResolvedFacts[][] edgeFacts, ScanIndex? index)
    {
        FileFact?[]? byId = null;
        foreach (var module in edgeFacts)
        {
            foreach (var edge in module)
            {
                if (edge.FromIndex is { } positions)
                {
                    foreach (int position in positions)
                    {
                        yield return index!.Fact(position);
                    }
                }
                else
                {
                    byId ??= FactsById();
                    foreach (int id in edge.FromResolver!)
                    {
                        yield return byId[id]!;
                    }
                }
            }
        }
    }

    /// <summary>One file: vouched for by the index (stat unchanged and not racy), or read and hashed.</summary>
    private static Entry Look(string root, string path, SourceTreeOptions options, ScanIndex? index, bool trustTimes)
    {
        string relative = SourceTree.Relative(root, path);
        var transform = options.Transform!(path);
        // Taken before reading: a change during or after the read then always shows as a different stat next time.
        var stat = FileStat.Of(path);
        if (index is not null && trustTimes && stat.Kind == FileKind.File && index.TryGetFile(relative, out var known)
            && known.Stat == stat && !known.Stat.IsRacyFor(index.ScanStartedNs) && known.Key.Transform == transform
            && index.Record(known) is { } indexed)
        {
            return new Entry(new SourceFile(relative, path, known.Key, known.Length), stat, null) { Record = indexed, Blob = index.RecordBlob(known) };
        }

        if (SourceTree.ReadModule(path, relative, options, out var problem) is not { } bytes)
        {
            return new Entry(null, stat, null) { Problem = problem };
        }

        var key = new CacheKey(ContentHash.Compute(bytes), transform);
        var file = new SourceFile(relative, path, key, bytes.Length);
        if (index is not null && index.TryGetRecord(key, out var record, out var blob))
        {
            return new Entry(file, stat, null) { Record = record, Blob = blob, Hashed = true };
        }

        return new Entry(file, stat, bytes) { Hashed = true };
    }

    /// <summary>Records the index did not have, from the record source, asked from every core at once.</summary>
    private async Task FetchMissingAsync(Entry[] entries, List<SourceProblem> problems, IProgress<ScanProgress>? progress, CancellationToken cancellationToken)
    {
        var missing = new List<int>();
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Bytes is not null)
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        var cache = _cache();
        var tasks = new Task<ModuleFetch>[missing.Count];
        // In parallel: a hit in the local folder is read, checked and decoded on the calling thread.
        Parallel.For(0, tasks.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var entry = entries[missing[i]];
            tasks[i] = cache.GetAsync(new ModuleSource(entry.File!.Hash, entry.Bytes!, entry.File.Transform), cancellationToken);
        });

        int done = 0;
        progress?.Report(new ScanProgress("fetching records", 0, tasks.Length));
        var reported = new Task[progress is null ? 0 : tasks.Length];
        for (int i = 0; i < reported.Length; i++)
        {
            reported[i] = tasks[i].ContinueWith(_ => progress!.Report(new ScanProgress("fetching records", Interlocked.Increment(ref done), tasks.Length)), TaskScheduler.Default);
        }

        for (int i = 0; i < tasks.Length; i++)
        {
            int at = missing[i];
            try
            {
                var fetch = await tasks[i].ConfigureAwait(false);
                entries[at] = entries[at] with { Record = fetch.Record, Origin = fetch.Origin, Bytes = null };
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problems.Add(new SourceProblem(entries[at].File!.RelativePath, $"no record: {e.Message}"));
            }
        }

        await Task.WhenAll(reported).ConfigureAwait(false); // no report arrives after the scan has moved on
        cancellationToken.ThrowIfCancellationRequested();
    }

    private string? Save(string settings, long startedNs, List<Entry> kept, GraphModule[] modules, ResolvedFacts[][] edgeFacts,
        Dictionary<string, DirectoryListing> listings, ScanIndex? previous, FileFact?[] byId)
    {
        var writer = new ScanIndexWriter();
        foreach (var (path, listing) in listings)
        {
            writer.AddListing(path, listing);
        }

        var facts = new List<FileFact>();
        for (int i = 0; i < kept.Count; i++)
        {
            var entry = kept[i];
            var blob = entry.Blob.IsEmpty ? Bmes.Serialize(entry.Record!.WithoutPayload()) : entry.Blob;
            writer.AddFile(entry.File!.RelativePath, entry.Stat, entry.File.Key, entry.File.Length, blob);
            var edges = modules[i].Imports;
            for (int r = 0; r < edges.Length; r++)
            {
                facts.Clear();
                if (edgeFacts[i][r].FromIndex is { } positions)
                {
                    foreach (int position in positions)
                    {
                        facts.Add(previous!.Fact(position));
                    }
                }
                else
                {
                    foreach (int id in edgeFacts[i][r].FromResolver!)
                    {
                        facts.Add(byId[id]!);
                    }
                }

                writer.AddResolution(entry.File.RelativePath, edges[r].Specifier, ResolutionUses.Of(edges[r].Kind), edges[r].Resolution, CollectionsMarshal.AsSpan(facts));
            }
        }

        try
        {
            _store!.Save(settings, writer.ToBytes(settings, startedNs, NowNs()).Span);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The scan's answer stands; the next scan just has more to do.
            return $"index not saved ({e.Message})";
        }
    }

    /// <summary>The resolver's facts by id, as the resolutions' dependency lists name them.</summary>
    private FileFact?[] FactsById()
    {
        var byId = new FileFact?[_resolver.FileSystem.FactIdLimit];
        foreach (var fact in _resolver.FileSystem.Facts)
        {
            byId[fact.Id] = fact;
        }

        return byId;
    }

    private long NowNs() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>A file during the scan: what was found, its stat before reading, and its bytes until a record is fetched.</summary>
    private readonly record struct Entry(SourceFile? File, FileStat Stat, byte[]? Bytes)
    {
        public ModuleRecord? Record { get; init; }

        public ReadOnlyMemory<byte> Blob { get; init; }

        public FetchOrigin Origin { get; init; } = FetchOrigin.LocalCache;

        public bool Hashed { get; init; }

        public SourceProblem? Problem { get; init; }
    }

    /// <summary>The facts a resolution depended on: positions in the previous index, or ids from this scan's resolver.</summary>
    private readonly record struct ResolvedFacts(int[]? FromIndex, int[]? FromResolver);
}

public readonly record struct ScanProgress(string Phase, int Done, int Total);
