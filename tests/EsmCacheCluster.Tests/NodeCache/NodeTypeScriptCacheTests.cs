using System.Text.Json;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// TypeScript files in Node's compile cache, filled by <c>esmcache node-cache warm</c>: on the runtimes that keep
/// stripped TypeScript (Node 24 and 26) Node takes every stripped text from the warmed folder and strips nothing,
/// a second checkout compiles nothing, no module runs; Node 22, which keeps none, skips them with the reason.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NodeTypeScriptCacheTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();
    private readonly TempDirectory _nodeCache = new();
    private readonly string _sideEffect;

    public NodeTypeScriptCacheTests()
    {
        _sideEffect = NodeTypeScriptTree.Write(_tree);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(26)]
    public void Stripped_typescript_is_taken_by_node_and_a_second_checkout_strips_nothing(int major)
    {
        string node = NodeRuntimes.Node(major);
        var first = Warm(node, _tree.Path, _nodeCache.Path);
        Assert.Equal(NodeTypeScriptTree.Files, first.GetProperty("files").GetInt32());
        Assert.Equal(NodeTypeScriptTree.Entries, first.GetProperty("entries").GetInt32());
        var skipped = Assert.Single(first.GetProperty("skipped").EnumerateArray());
        Assert.Equal("enum.ts", skipped.GetProperty("file").GetString());
        Assert.Contains("strip-only", skipped.GetProperty("reason").GetString());
        Assert.False(File.Exists(_sideEffect), "a module ran while it was stripped");
        NodeTypeScriptTree.AssertStrippedAccepted(node, _tree.Path, _nodeCache.Path);

        using var checkout = new TempDirectory();
        NodeCacheTree.Copy(_tree.Path, checkout.Path);
        using var secondCache = new TempDirectory();
        var second = Warm(node, checkout.Path, secondCache.Path);
        Assert.Equal(0, second.GetProperty("generated").GetInt32());
        Assert.Equal(NodeTypeScriptTree.Files - 1, second.GetProperty("hits").GetInt32());
        NodeTypeScriptTree.AssertStrippedAccepted(node, checkout.Path, secondCache.Path);
    }

    [Fact]
    public void A_forged_stripped_text_is_never_written()
    {
        string node = NodeRuntimes.Node(24);
        Warm(node, _tree.Path, _nodeCache.Path);
        // Every kept stripped text made to run other code, its header made consistent: each is refused and made again.
        foreach (var kept in Directory.EnumerateFiles(Path.Combine(_cache.Path, "node", "entries"), "*.typescript", SearchOption.AllDirectories))
        {
            byte[] entry = File.ReadAllBytes(kept);
            byte[] text = EsmCacheCluster.NodeCache.NodeCacheEntry.Payload(entry).ToArray();
            int blank = Array.IndexOf(text, (byte)' ');
            Assert.True(blank >= 0);
            text[blank] = (byte)'x';
            byte[] source = File.ReadAllBytes(Directory.EnumerateFiles(_tree.Path, "*", SearchOption.AllDirectories)
                .First(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) == Path.GetFileNameWithoutExtension(kept)));
            File.WriteAllBytes(kept, EsmCacheCluster.NodeCache.NodeCacheEntry.Compose(source, text));
        }

        using var fresh = new TempDirectory();
        var again = Warm(node, _tree.Path, fresh.Path);
        Assert.Equal(NodeTypeScriptTree.Files - 1, again.GetProperty("generated").GetInt32());
        NodeTypeScriptTree.AssertStrippedAccepted(node, _tree.Path, fresh.Path);
    }

    [Fact]
    public void A_runtime_that_keeps_no_stripped_typescript_skips_it_with_the_reason()
    {
        var warmed = Warm(NodeRuntimes.Node(22), _tree.Path, _nodeCache.Path);
        Assert.Equal(0, warmed.GetProperty("entries").GetInt32());
        var skipped = warmed.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(NodeTypeScriptTree.Files, skipped.Count);
        Assert.All(skipped, s => Assert.Contains("keeps no stripped TypeScript", s.GetProperty("reason").GetString()));
    }

    public void Dispose()
    {
        _tree.Dispose();
        _cache.Dispose();
        _nodeCache.Dispose();
    }

    private JsonElement Warm(string node, string root, string nodeCache) =>
        NodeCacheTree.Warm(node, root, _cache.Path, nodeCache, ["--include-node-modules"]);
}
