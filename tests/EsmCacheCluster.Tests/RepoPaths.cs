namespace EsmCacheCluster.Tests;

/// <summary>Where the repository is, found from the test binaries upward, and the test data it holds.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The ECMAScript module conformance tests copied into the repository (tests/test262, see its README).</summary>
    public static string Test262 => Path.Combine(Root, "tests", "test262");

    /// <summary>The CLI as built in the tests' own configuration (the folder; the assembly is <see cref="Cli"/>).</summary>
    public static string CliFolder => Path.Combine(Root, "src", "Cli", "bin", Configuration, "net10.0");

    /// <summary>esmcache.dll as built, run with <c>dotnet</c> by tests that start the CLI as a user would.</summary>
    public static string Cli => Path.Combine(CliFolder, "esmcache.dll");

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

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
