namespace EsmCacheCluster.Graph.Scanning;

/// <summary>A file or folder the scan could not use, and why (reported per file; the scan goes on).</summary>
/// <param name="Lasting">Decided by the file's bytes alone (binary content), so the same file gives the same problem; otherwise it may pass (an I/O error, a permission, a link's target).</param>
public readonly record struct SourceProblem(string Path, string Reason, bool Lasting = false);
