namespace EsmCacheCluster.Tests.Cluster;

/// <summary>The benchmark corpus (bench/corpus, pinned with a lock), installed on first use.</summary>
internal static class BenchCorpus
{
    public static string Folder => NpmFolder.EnsureInstalled(Path.Combine("bench", "corpus"), Path.Combine("node_modules", "three", "package.json"));
}
