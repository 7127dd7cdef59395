using EsmCacheCluster.Client;
namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A scanned tree: its graph, what could not be used, and where the time went.</summary>
public sealed record ScanResult(ModuleGraph Graph, IReadOnlyList<SourceProblem> Problems, ScanTimings Timings)
{
    public long Bytes => Graph.Modules.Sum(m => (long)m.File.Source.Bytes.Length);

    public int Distinct => Graph.Modules.Select(m => m.File.Source.Hash).Distinct().Count();

    public int Count(params FetchOrigin[] origins) => Graph.Modules.Count(m => origins.Contains(m.Origin));

    public int SyntaxErrors => Graph.Modules.Count(m => m.Record.SyntaxError is not null);

    /// <summary>Imports that resolved neither to a file nor to a builtin.</summary>
    public int Unresolved => Graph.Modules.Sum(m => m.Imports.Count(i => !i.Resolution.IsResolved));
}

public readonly record struct ScanTimings(TimeSpan Read, TimeSpan Fetch, TimeSpan Resolve, TimeSpan Total);
