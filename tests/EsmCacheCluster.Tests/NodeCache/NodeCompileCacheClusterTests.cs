using System.Security.Cryptography;
using System.Text.Json;
using EsmCacheCluster.Tests.Cluster;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// Node compile cache entries served by a silo process that runs Node 22 (EsmCache:NodeRuntimes): the first agent's
/// misses are compiled by the cluster once, a second agent (another checkout, empty folders) compiles nothing and
/// Node accepts every entry, the entries are readable over HTTP, and an agent whose Node the cluster does not run
/// compiles locally with one warning.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NodeCompileCacheClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _storage = new();
    private readonly TempDirectory _tree = new();
    private PublishedSilo? _silo;

    public async Task InitializeAsync()
    {
        NodeCacheTree.Write(_tree);
        _silo = PublishedSilo.Start(new Dictionary<string, string>
        {
            ["EsmCache__StoragePath"] = _storage.Path,
            ["EsmCache__NodeRuntimes__0"] = NodeRuntimes.Node(22),
        });
        await _silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _storage.Dispose();
        _tree.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_second_agent_gets_every_entry_from_the_cluster_and_node_accepts_them()
    {
        string node = NodeRuntimes.Node(22);
        using var firstCache = new TempDirectory();
        using var firstNodeCache = new TempDirectory();
        var first = Warm(node, _tree.Path, firstCache.Path, firstNodeCache.Path);
        Assert.Equal(NodeCacheTree.Entries, first.GetProperty("generated").GetInt32());
        Assert.Contains("SyntaxError", Assert.Single(first.GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(NodeCacheTree.Entries, Directory.EnumerateFiles(Path.Combine(_storage.Path, "node"), "*.entry", SearchOption.AllDirectories).Count());

        using var checkout = new TempDirectory();
        NodeCacheTree.Copy(_tree.Path, checkout.Path);
        using var secondCache = new TempDirectory();
        using var secondNodeCache = new TempDirectory();
        var second = Warm(node, checkout.Path, secondCache.Path, secondNodeCache.Path);
        Assert.Equal(0, second.GetProperty("generated").GetInt32());
        Assert.Equal(NodeCacheTree.Entries, second.GetProperty("hits").GetInt32());
        NodeCacheTree.AssertAccepted(node, checkout.Path, secondNodeCache.Path);

        // The same entry over HTTP, for agents that are not .NET: detect.js was found to be CommonJS.
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_tree.Path, "detect.js"))));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_silo!.HttpPort}") };
        using var response = await http.GetAsync($"/v1/node/{first.GetProperty("runtime").GetString()}/detect/{sha256}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("commonjs", Assert.Single(response.Headers.GetValues("X-Node-Cache-Kind")));
        byte[] entry = await response.Content.ReadAsByteArrayAsync();
        Assert.Null(EsmCacheCluster.NodeCache.NodeCacheEntry.Check(entry, File.ReadAllBytes(Path.Combine(_tree.Path, "detect.js"))));
        using var bad = await http.GetAsync($"/v1/node/{first.GetProperty("runtime").GetString()}/detect/../../x");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, bad.StatusCode);
    }

    [Fact]
    public void A_node_the_cluster_does_not_run_is_compiled_locally_with_a_warning()
    {
        using var cache = new TempDirectory();
        using var nodeCache = new TempDirectory();
        var result = NodeCacheTree.Cli(["node-cache", "warm", _tree.Path, "--node", NodeRuntimes.Node(24), "--cluster", $"127.0.0.1:{_silo!.GatewayPort}",
            "--cache-dir", cache.Path, "--dir", nodeCache.Path, "--json"]);
        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("warning: the cluster does not run Node v24.", result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("warning", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(NodeCacheTree.Entries, json.RootElement.GetProperty("generated").GetInt32());
        NodeCacheTree.AssertAccepted(NodeRuntimes.Node(24), _tree.Path, nodeCache.Path);
    }

    private JsonElement Warm(string node, string root, string cache, string nodeCache)
    {
        var result = NodeCacheTree.Cli(["node-cache", "warm", root, "--node", node, "--cluster", $"127.0.0.1:{_silo!.GatewayPort}", "--cache-dir", cache, "--dir", nodeCache, "--json"]);
        Assert.True(result.ExitCode == 0, result.Errors + _silo.Log);
        Assert.DoesNotContain("warning", result.Errors, StringComparison.Ordinal);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }
}
