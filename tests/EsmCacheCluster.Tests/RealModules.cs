namespace EsmCacheCluster.Tests;

/// <summary>Real ES modules available to every test run: the test262 module suites, largest first.</summary>
internal static class RealModules
{
    public static IReadOnlyList<string> Files { get; } =
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Test262, "test", "language", "module-code"), "*.js", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
}
