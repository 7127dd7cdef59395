namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A file or folder the scan could not use, and why (reported per file; the scan goes on).</summary>
public readonly record struct SourceProblem(string Path, string Reason);
