namespace EsmCacheCluster.Tests;

/// <summary>Where the repository and its sibling shared/ folder are, found from the test binaries upward.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The ECMAScript conformance suite the project ships beside the repository (../shared/test262).</summary>
    public static string Test262 => Path.GetFullPath(Path.Combine(Root, "..", "shared", "test262"));

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
