using System.Collections.Concurrent;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// Scan indexes a long-lived process keeps parsed, each with the stat of the file it was read from: one per daemon,
/// handed to its <see cref="ScanIndexStore"/>s, never process-wide.
/// </summary>
/// <remarks>A parsed index records which checks a scan made; scans of one root must not run at once over it.</remarks>
public sealed class ParsedScanIndexes
{
    private readonly ConcurrentDictionary<string, (FileStat Stat, ScanIndex Index)> _parsed = new(StringComparer.Ordinal);

    /// <summary>The index parsed from <paramref name="path"/> when the file still has <paramref name="stat"/>.</summary>
    public ScanIndex? TryGet(string path, FileStat stat) => _parsed.TryGetValue(path, out var kept) && kept.Stat == stat ? kept.Index : null;

    public void Keep(string path, FileStat stat, ScanIndex index) => _parsed[path] = (stat, index);
}
