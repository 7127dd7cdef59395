using System.Diagnostics;
using EsmCacheCluster.Client;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// The scan: find and hash the tree's modules, get every record through the cache client (batched,
/// deduplicated), resolve every requested module, and build the graph. Per-file problems are collected.
/// </summary>
public sealed class ModuleScanner(ModuleCacheClient cache, ModuleResolver resolver)
{
    public async Task<ScanResult> ScanAsync(string root, SourceTreeOptions options, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        root = resolver.RealPath(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar));
        progress?.Report(new ScanProgress("reading", 0, 0));
        cancellationToken.ThrowIfCancellationRequested();
        // TypeScript and JSX options come from each file's tsconfig, as the resolver finds them.
        options = options.Transform is null ? options with { Transform = resolver.TransformFor } : options;

        var (files, commonJs, problems) = SourceTree.Read(root, options, progress is null ? null : (done, found) => progress.Report(new ScanProgress("reading", done, found)));
        var read = total.Elapsed;

        var fetchWatch = Stopwatch.StartNew();
        var tasks = new Task<ModuleFetch>[files.Count];
        // In parallel: a warm hit is read, checked and decoded from the local folder on the calling thread.
        Parallel.For(0, tasks.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => tasks[i] = cache.GetAsync(files[i].Source, cancellationToken));

        int done = 0;
        progress?.Report(new ScanProgress("fetching records", 0, files.Count));
        var reported = new Task[progress is null ? 0 : tasks.Length];
        for (int i = 0; i < reported.Length; i++)
        {
            reported[i] = tasks[i].ContinueWith(_ => progress!.Report(new ScanProgress("fetching records", Interlocked.Increment(ref done), files.Count)), TaskScheduler.Default);
        }

        var fetched = new ModuleFetch?[files.Count];
        for (int i = 0; i < tasks.Length; i++)
        {
            try
            {
                fetched[i] = await tasks[i].ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problems.Add(new SourceProblem(files[i].RelativePath, $"no record: {e.Message}"));
            }
        }

        await Task.WhenAll(reported).ConfigureAwait(false); // no report arrives after the scan has moved on
        cancellationToken.ThrowIfCancellationRequested();
        var fetch = fetchWatch.Elapsed;
        var resolveWatch = Stopwatch.StartNew();
        var kept = new List<(SourceFile File, ModuleFetch Fetch)>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            if (fetched[i] is { } f)
            {
                kept.Add((files[i], f));
            }
        }

        var index = new Dictionary<string, int>(kept.Count, StringComparer.Ordinal);
        for (int i = 0; i < kept.Count; i++)
        {
            index[kept[i].File.FullPath] = i;
        }

        progress?.Report(new ScanProgress("resolving", 0, kept.Count));
        var modules = new GraphModule[kept.Count];
        Parallel.For(0, kept.Count, i =>
        {
            var (file, fetch) = kept[i];
            var requests = fetch.Record.RequestedModules;
            var edges = new ImportEdge[requests.Length];
            for (int r = 0; r < requests.Length; r++)
            {
                var resolution = resolver.Resolve(requests[r].Specifier, file.FullPath);
                int target = resolution.Path is { } path && index.TryGetValue(path, out int t) ? t : -1;
                edges[r] = new ImportEdge(requests[r].Specifier, requests[r].Attributes, resolution, target);
            }

            modules[i] = new GraphModule(file, fetch.Record, fetch.Origin, edges);
        });

        var resolve = resolveWatch.Elapsed;
        problems.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ScanResult(new ModuleGraph(root, modules), problems, new ScanTimings(read, fetch, resolve, total.Elapsed)) { CommonJs = commonJs };
    }
}

public readonly record struct ScanProgress(string Phase, int Done, int Total);
