namespace EsmCacheCluster.NodeCache;

/// <summary>What a warm did: module files seen, entries written to Node's folder, of which from the store (hits) or compiled now (generated), and the files left out with why.</summary>
public sealed record NodeWarmResult(string Runtime, string Directory, int Files, int Entries, int Hits, int Generated, IReadOnlyList<NodeWarmSkip> Skipped, TimeSpan Elapsed);

/// <summary>A module file that got no entry, and why (its path relative to the warmed root).</summary>
public readonly record struct NodeWarmSkip(string File, string Reason);
