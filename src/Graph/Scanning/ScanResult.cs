using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Indexing;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A scanned tree: its graph, what could not be used, and where the time went.</summary>
public sealed record ScanResult(ModuleGraph Graph, IReadOnlyList<SourceProblem> Problems, ScanTimings Timings)
{
    /// <summary>The CommonJS modules (<c>.cjs</c>, <c>.cts</c>, <c>.js</c> under <c>"type": "commonjs"</c> or detected), relative to the root.</summary>
    public IReadOnlyList<string> CommonJs => Graph.Modules.Where(m => m.Record.IsCommonJs).Select(m => m.File.RelativePath).ToList();

    /// <summary>Files read and hashed by this scan; the others were vouched for by the index (stat unchanged).</summary>
    public int Hashed { get; init; }

    /// <summary>Imports resolved by this scan; the others came from the index (every file system fact they used still holds).</summary>
    public int Resolved { get; init; }

    /// <summary>The root's index as it was before this scan, if there was one: what the tree looked like then.</summary>
    public ScanIndex? PreviousIndex { get; init; }

    /// <summary>True when this is the root's last scan again: a watch of the tree saw nothing change since it began (see <see cref="WatchedScans"/>).</summary>
    public bool Watched { get; init; }

    /// <summary>Why the root's index could not be used or trusted this time, when that happened (the scan then did the work).</summary>
    public string? IndexNote { get; init; }

    public long Bytes => Graph.Modules.Sum(m => m.File.Length);

    public int Distinct => Graph.Modules.Select(m => m.File.Hash).Distinct().Count();

    public int Count(params FetchOrigin[] origins) => Graph.Modules.Count(m => origins.Contains(m.Origin));

    /// <summary>Records a cache had: the local folder or the cluster.</summary>
    public int Hits => Count(FetchOrigin.LocalCache, FetchOrigin.Cluster);

    /// <summary>Records no cache had: generated for this scan (here or by a cluster), or analysed here when the cluster could not be used.</summary>
    public int Misses => Count(FetchOrigin.ClusterGenerated, FetchOrigin.LocalGenerated, FetchOrigin.LocalFallback);

    /// <summary>Records generated for this scan as planned: here (no cluster configured) or by a cluster.</summary>
    public int Generated => Count(FetchOrigin.ClusterGenerated, FetchOrigin.LocalGenerated);

    /// <summary>Records a cluster generated for this scan.</summary>
    public int GeneratedByCluster => Count(FetchOrigin.ClusterGenerated);

    /// <summary>Modules analysed for this scan, by a cluster or here: what a cache hit saves.</summary>
    public int Analysed => Misses;

    /// <summary>Records analysed in this process: generated here as planned, or because the cluster could not be used.</summary>
    public int AnalysedLocally => Count(FetchOrigin.LocalGenerated, FetchOrigin.LocalFallback);

    /// <summary>Records analysed here because the cluster could not be used.</summary>
    public int Fallbacks => Count(FetchOrigin.LocalFallback);

    public int SyntaxErrors => Graph.Modules.Count(m => m.Record.SyntaxError is not null);

    /// <summary>Modules that were transformed (TypeScript, JSX).</summary>
    public int TypeScriptFiles => Graph.Modules.Count(m => !m.File.Transform.IsPlainJavaScript);

    /// <summary>Imports that TypeScript resolved to a declaration file (.d.ts): edges to types, kept and marked.</summary>
    public int DeclarationEdges => Graph.Modules.Sum(m => m.Imports.Count(i => i.Resolution.IsDeclaration));

    /// <summary><c>import(x)</c> and <c>require(x)</c> calls whose argument is not a literal: nothing a scan can follow.</summary>
    public int NonLiteral => Graph.Modules.Sum(m => ModuleReferences.NonLiteral(m.Record));

    /// <summary>References that resolved neither to a file nor to a builtin.</summary>
    public int Unresolved => Graph.Modules.Sum(m => m.Imports.Count(i => !i.Resolution.IsResolved));
}

public readonly record struct ScanTimings(TimeSpan Read, TimeSpan Fetch, TimeSpan Resolve, TimeSpan Total);
