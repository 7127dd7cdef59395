namespace EsmCacheCluster.Tests;

/// <summary>Where the repository is, found from the test binaries upward, and the test data it holds.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The ECMAScript module conformance tests copied into the repository (tests/test262, see its README).</summary>
    public static string Test262 => Path.Combine(Root, "tests", "test262");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsmCacheCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EsmCacheCluster.sln above {AppContext.BaseDirectory}.");
    }
}
