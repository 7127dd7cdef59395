namespace EsmCacheCluster.Tests.Deploy;

/// <summary>
/// The CLI as users get it: <c>dotnet pack</c> makes the esmcache tool packages (ReadyToRun, linux-x64), and
/// <c>dotnet tool install</c> from them gives a working <c>esmcache</c> that scans a tree warm from its index.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DotnetToolTests : IDisposable
{
    private readonly TempDirectory _packages = new();
    private readonly TempDirectory _tools = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public void The_packed_tool_installs_and_scans()
    {
        var pack = ChildProcess.Run("dotnet", ["pack", Path.Combine(RepoPaths.Root, "src", "Cli"), "-c", "Release", "-o", _packages.Path, "--nologo"], TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, pack.Output + pack.Errors);
        Assert.Contains(Directory.GetFiles(_packages.Path), f => Path.GetFileName(f).StartsWith("esmcache.linux-x64.", StringComparison.Ordinal));

        var install = ChildProcess.Run("dotnet", ["tool", "install", "esmcache", "--tool-path", _tools.Path, "--add-source", _packages.Path], TimeSpan.FromMinutes(3), workingDirectory: _tools.Path);
        Assert.True(install.ExitCode == 0, install.Output + install.Errors);
        string esmcache = Path.Combine(_tools.Path, "esmcache");

        var version = ChildProcess.Run(esmcache, ["--version"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("1.", version.Output.Trim());

        string app = Path.Combine(RepoPaths.Root, "examples", "app");
        var cold = ChildProcess.Run(esmcache, ["scan", app, "--json", "--cache-dir", _cache.Path], TimeSpan.FromMinutes(2));
        Assert.True(cold.ExitCode == 0, cold.Errors);
        Thread.Sleep(250); // past the racy window of what the first scan recorded
        ChildProcess.Run(esmcache, ["scan", app, "--json", "--cache-dir", _cache.Path], TimeSpan.FromMinutes(2));
        var warm = ChildProcess.Run(esmcache, ["scan", app, "--json", "--cache-dir", _cache.Path], TimeSpan.FromMinutes(2));
        Assert.True(warm.ExitCode == 0, warm.Errors);
        Assert.Contains("\"hashed\":0", warm.Output);
        Assert.Contains("\"analysed\":0", warm.Output);
    }

    public void Dispose()
    {
        _packages.Dispose();
        _tools.Dispose();
        _cache.Dispose();
    }
}
