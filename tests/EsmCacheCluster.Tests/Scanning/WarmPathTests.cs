namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// A warm scan, answered by the root's index, loads neither Orleans, nor V8, nor the analyser or transformer; a cold
/// scan on the embedded default loads the analyser and no Orleans (no silo is started for a miss).
/// </summary>
[Trait("Category", "Integration")]
public sealed class WarmPathTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    [Fact]
    public void A_warm_scan_loads_no_orleans_v8_or_analyser()
    {
        string cli = RepoPaths.Cli;
        string app = Path.Combine(RepoPaths.Root, "examples", "app");
        string[] scan = ["dotnet", cli, "scan", app, "--json", "--cache-dir", _cache.Path];
        var cold = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "ESMCACHE_DIAGNOSTICS=assemblies", .. scan], TimeSpan.FromMinutes(2));
        Assert.True(cold.ExitCode == 0, cold.Errors);
        Assert.Contains("loaded Acornima", cold.Errors); // the cold scan analysed: the listing works
        Assert.DoesNotContain("Orleans", cold.Errors); // and no silo started for it

        var warm = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "ESMCACHE_DIAGNOSTICS=assemblies", .. scan], TimeSpan.FromMinutes(2));
        Assert.True(warm.ExitCode == 0, warm.Errors);
        Assert.Contains("\"hashed\":0", warm.Output);
        var loaded = warm.Errors.Split('\n').Where(line => line.StartsWith("esmcache: loaded ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(loaded);
        Assert.DoesNotContain(loaded, line => line.Contains("Orleans", StringComparison.Ordinal) || line.Contains("ClearScript", StringComparison.Ordinal)
            || line.Contains("Acornima", StringComparison.Ordinal) || line.EndsWith(".Analysis", StringComparison.Ordinal)
            || line.EndsWith(".Transform", StringComparison.Ordinal) || line.EndsWith(".Generation", StringComparison.Ordinal)
            || line.EndsWith(".Bytecode", StringComparison.Ordinal));
    }

    public void Dispose() => _cache.Dispose();
}
