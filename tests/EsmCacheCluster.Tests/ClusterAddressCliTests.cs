using System.Text.Json;

namespace EsmCacheCluster.Tests;

/// <summary>
/// <c>--cluster</c> as a user types it: a malformed value is a usage error in one line (exit 2), an unknown host is a
/// cluster that cannot be reached (a warning, local work, exit 0), and neither prints a stack trace. A warm scan never
/// looks the host up.
/// </summary>
public sealed class ClusterAddressCliTests
{
    private static (int ExitCode, string Output, string Errors) Scan(string tree, string cache, string[] extra, string? clusterVariable = null) =>
        ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", $"ESMCACHE_CLUSTER={clusterVariable}", "dotnet", RepoPaths.Cli, "scan", tree, "--json", "--cache-dir", cache, .. extra],
            TimeSpan.FromMinutes(2));

    private static TempDirectory CleanTree()
    {
        var tree = new TempDirectory();
        tree.Write("main.js", "import { x } from './x.js';\nexport default x;\n");
        tree.Write("x.js", "export const x = 1;\n");
        return tree;
    }

    [Theory]
    [InlineData("not a host:port:x")]
    [InlineData("build-cache")]
    [InlineData("build-cache:0")]
    [InlineData("build-cache:65536")]
    [InlineData("::1:30000")]
    public void A_malformed_cluster_is_a_usage_error_in_one_line(string cluster)
    {
        using var tree = CleanTree();
        using var cache = new TempDirectory();
        var scan = Scan(tree.Path, cache.Path, ["--cluster", cluster]);

        Assert.Equal(2, scan.ExitCode);
        string line = Assert.Single(scan.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--cluster", line);
        Assert.Equal("", scan.Output);
    }

    [Fact]
    public void A_malformed_cluster_variable_is_a_usage_error_in_one_line()
    {
        using var tree = CleanTree();
        using var cache = new TempDirectory();
        var scan = Scan(tree.Path, cache.Path, [], clusterVariable: "not a host:port:x");

        Assert.Equal(2, scan.ExitCode);
        string line = Assert.Single(scan.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ESMCACHE_CLUSTER", line);
    }

    [Fact]
    public void An_unknown_host_falls_back_with_a_warning_and_a_warm_scan_never_looks_it_up()
    {
        using var tree = CleanTree();
        using var cache = new TempDirectory();
        string[] cluster = ["--cluster", "no-such-host.invalid:30000"];

        var cold = Scan(tree.Path, cache.Path, cluster);
        Assert.True(cold.ExitCode == 0, cold.Errors);
        Assert.Contains("analysing locally", cold.Errors);
        Assert.DoesNotContain("   at ", cold.Errors);
        using (var json = JsonDocument.Parse(cold.Output))
        {
            Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("misses").GetInt32());
        }

        // The fallback wrote nothing to the folder; an offline scan fills it, then the cluster's scan is warm.
        var offline = Scan(tree.Path, cache.Path, []);
        Assert.True(offline.ExitCode == 0, offline.Errors);
        var warm = Scan(tree.Path, cache.Path, cluster);
        Assert.True(warm.ExitCode == 0, warm.Errors);
        Assert.Equal("", warm.Errors);
    }
}
