using EsmCacheCluster.Records;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A scanned module: its file, its record (and where that came from), and its resolved imports.</summary>
public sealed record GraphModule(SourceFile File, ModuleRecord Record, FetchOrigin Origin, ImportEdge[] Imports);
