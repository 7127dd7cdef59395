namespace EsmCacheCluster.Tests.Resolution;

/// <summary>Real npm packages (tests/resolver-packages, pinned with a lock) installed on first use.</summary>
internal static class ResolverPackages
{
    public static string Folder => NpmFolder.EnsureInstalled(Path.Combine("tests", "resolver-packages"), Path.Combine("node_modules", "three", "package.json"));
}
