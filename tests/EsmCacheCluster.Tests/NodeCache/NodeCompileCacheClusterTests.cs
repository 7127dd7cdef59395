using System.Security.Cryptography;
using System.Text.Json;
using EsmCacheCluster.NodeCache;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// Node compile cache entries served by a silo process that runs Node 22, 24 and 26 (EsmCache:NodeRuntimes): on each,
/// the first agent's misses are compiled by the cluster once, a second agent (another checkout, empty folders)
/// compiles nothing and Node accepts every entry; TypeScript's stripped text likewise; the entries are readable over
/// HTTP; and an agent whose Node the cluster does not run compiles locally with one warning.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NodeCompileCacheClusterTests(NodeClusterSilo cluster) : IClassFixture<NodeClusterSilo>, IDisposable
{
    private readonly TempDirectory _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(NodeRuntimes.Majors), MemberType = typeof(NodeRuntimes))]
    public async Task A_second_agent_gets_every_entry_from_the_cluster_and_node_accepts_them(int major)
    {
        NodeCacheTree.Write(_tree);
        string node = NodeRuntimes.Node(major);
        using var firstCache = new TempDirectory();
        using var firstNodeCache = new TempDirectory();
        var first = Warm(node, _tree.Path, firstCache.Path, firstNodeCache.Path);
        string runtime = first.GetProperty("runtime").GetString()!;
        Assert.Equal(NodeCacheTree.Entries, first.GetProperty("generated").GetInt32());
        Assert.Contains("SyntaxError", Assert.Single(first.GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(NodeCacheTree.Entries, Directory.EnumerateFiles(Path.Combine(cluster.StoragePath, "node", runtime), "*.entry", SearchOption.AllDirectories).Count());

        using var checkout = new TempDirectory();
        NodeCacheTree.Copy(_tree.Path, checkout.Path);
        using var secondCache = new TempDirectory();
        using var secondNodeCache = new TempDirectory();
        var second = Warm(node, checkout.Path, secondCache.Path, secondNodeCache.Path);
        Assert.Equal(0, second.GetProperty("generated").GetInt32());
        Assert.Equal(NodeCacheTree.Entries, second.GetProperty("hits").GetInt32());
        NodeCacheTree.AssertAccepted(node, checkout.Path, secondNodeCache.Path);

        // The same entry over HTTP, for agents that are not .NET: detect.js was found to be CommonJS.
        byte[] detect = File.ReadAllBytes(Path.Combine(_tree.Path, "detect.js"));
        var (kind, entry) = await GetOverHttpAsync($"{runtime}/detect/{Convert.ToHexStringLower(SHA256.HashData(detect))}");
        Assert.Equal("commonjs", kind);
        Assert.Null(NodeCacheEntry.Check(entry, detect));
    }

    [Fact]
    public async Task A_second_agent_gets_typescripts_stripped_text_from_the_cluster()
    {
        NodeTypeScriptTree.Write(_tree);
        string node = NodeRuntimes.Node(24);
        using var firstCache = new TempDirectory();
        using var firstNodeCache = new TempDirectory();
        var first = Warm(node, _tree.Path, firstCache.Path, firstNodeCache.Path);
        Assert.Equal(NodeTypeScriptTree.Files - 1, first.GetProperty("generated").GetInt32());
        Assert.Contains("strip-only", Assert.Single(first.GetProperty("skipped").EnumerateArray()).GetProperty("reason").GetString());

        using var checkout = new TempDirectory();
        NodeCacheTree.Copy(_tree.Path, checkout.Path);
        using var secondCache = new TempDirectory();
        using var secondNodeCache = new TempDirectory();
        var second = Warm(node, checkout.Path, secondCache.Path, secondNodeCache.Path);
        Assert.Equal(0, second.GetProperty("generated").GetInt32());
        Assert.Equal(NodeTypeScriptTree.Entries, second.GetProperty("entries").GetInt32());
        NodeTypeScriptTree.AssertStrippedAccepted(node, checkout.Path, secondNodeCache.Path);

        // Over HTTP the text comes without the sourceURL comment that names a path: a stripping of the file.
        byte[] source = File.ReadAllBytes(Path.Combine(_tree.Path, "a.mts"));
        var (kind, entry) = await GetOverHttpAsync($"{first.GetProperty("runtime").GetString()}/typescript/{Convert.ToHexStringLower(SHA256.HashData(source))}");
        Assert.Equal("stripped-typescript", kind);
        Assert.Null(NodeCacheEntry.Check(NodeCacheKind.StrippedTypeScript, entry, source));
    }

    [Fact]
    public void A_node_the_cluster_does_not_run_is_compiled_locally_with_a_warning()
    {
        NodeCacheTree.Write(_tree);
        using var cache = new TempDirectory();
        using var nodeCache = new TempDirectory();
        // A V8 flag changes the cache's tag: Node 24 under --jitless is a runtime the cluster does not run.
        string[] flagged = ["NODE_OPTIONS=--jitless"];
        var result = NodeCacheTree.Cli(["node-cache", "warm", _tree.Path, "--node", NodeRuntimes.Node(24), "--cluster", cluster.Gateway,
            "--cache-dir", cache.Path, "--dir", nodeCache.Path, "--json"], flagged);
        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("warning: the cluster does not run Node v24.", result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("warning", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(NodeCacheTree.Entries, json.RootElement.GetProperty("generated").GetInt32());
    }

    [Fact]
    public async Task A_bad_key_over_http_is_refused()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Silo.HttpPort}") };
        using var traversal = await http.GetAsync("/v1/node/v24.22.3-x64-964aae3f/detect/../../x");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, traversal.StatusCode);
        using var unknown = await http.GetAsync($"/v1/node/v24.22.3-x64-964aae3f/tsx/{new string('a', 64)}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    private async Task<(string Kind, byte[] Entry)> GetOverHttpAsync(string key)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Silo.HttpPort}") };
        using var response = await http.GetAsync($"/v1/node/{key}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (Assert.Single(response.Headers.GetValues("X-Node-Cache-Kind")), await response.Content.ReadAsByteArrayAsync());
    }

    // Any warning (the cluster failing, or not running this node) would mean local compiles: not what is tested.
    private JsonElement Warm(string node, string root, string cache, string nodeCache) =>
        NodeCacheTree.Warm(node, root, cache, nodeCache, ["--cluster", cluster.Gateway], noWarning: true, context: cluster.Silo.Log);
}
