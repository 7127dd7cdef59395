using System.Text.Json;
using EsmCacheCluster.NodeCache;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>
/// Node's compile cache filled by <c>esmcache node-cache warm</c>, on each supported Node: every entry written is one
/// that Node accepts when it loads the module (NODE_DEBUG_NATIVE=COMPILE_CACHE says so), modules are compiled and
/// never run, a second checkout is warmed from the kept entries without compiling, and nothing that does not match
/// its file is ever written.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NodeCompileCacheTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();
    private readonly TempDirectory _nodeCache = new();
    private readonly string _sideEffect;

    public NodeCompileCacheTests()
    {
        _sideEffect = NodeCacheTree.Write(_tree);
    }

    [Theory]
    [MemberData(nameof(NodeRuntimes.Majors), MemberType = typeof(NodeRuntimes))]
    public void Warmed_entries_are_accepted_by_node_and_a_second_checkout_compiles_nothing(int major)
    {
        string node = NodeRuntimes.Node(major);
        var first = Warm(node, _tree.Path, _nodeCache.Path);
        Assert.Equal(NodeCacheTree.Files, first.GetProperty("files").GetInt32());
        Assert.Equal(NodeCacheTree.Entries, first.GetProperty("entries").GetInt32());
        Assert.Equal(NodeCacheTree.Entries, first.GetProperty("generated").GetInt32());
        var skipped = Assert.Single(first.GetProperty("skipped").EnumerateArray());
        Assert.Equal("broken.mjs", skipped.GetProperty("file").GetString());
        Assert.Contains("SyntaxError", skipped.GetProperty("reason").GetString());
        Assert.False(File.Exists(_sideEffect), "a module ran while it was compiled");

        NodeCacheTree.AssertAccepted(node, _tree.Path, _nodeCache.Path);

        // A second agent: another checkout path, an empty Node folder, the same kept entries.
        using var checkout = new TempDirectory();
        NodeCacheTree.Copy(_tree.Path, checkout.Path);
        using var secondCache = new TempDirectory();
        var second = Warm(node, checkout.Path, secondCache.Path);
        Assert.Equal(0, second.GetProperty("generated").GetInt32());
        Assert.Equal(NodeCacheTree.Entries, second.GetProperty("hits").GetInt32());
        NodeCacheTree.AssertAccepted(node, checkout.Path, secondCache.Path);
    }

    [Theory]
    [MemberData(nameof(NodeRuntimes.Majors), MemberType = typeof(NodeRuntimes))]
    public void Every_module_tsc_loads_is_warmed_and_accepted(int major)
    {
        // The typescript package as npm installs it (tests/typescript pins 5.9.3): bin/tsc (no extension, a #! line,
        // named by package.json "bin"), lib/tsc.js and lib/_tsc.js are what `tsc --version` loads.
        string package = Path.Combine(TypeScript.TypeScriptFolder.Path, "node_modules", "typescript");
        string node = NodeRuntimes.Node(major);
        var warmed = Warm(node, package, _nodeCache.Path);
        Assert.Empty(warmed.GetProperty("skipped").EnumerateArray());

        var run = ChildProcess.Run("env", ["NODE_DEBUG_NATIVE=COMPILE_CACHE", $"NODE_COMPILE_CACHE={_nodeCache.Path}", node, "bin/tsc", "--version"], TimeSpan.FromMinutes(1), package);
        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.StartsWith("Version 5.9.3", run.Output, StringComparison.Ordinal);
        var reads = run.Errors.Split('\n').Where(l => l.Contains("reading cache from", StringComparison.Ordinal) && l.Contains(package, StringComparison.Ordinal)).ToList();
        var accepted = run.Errors.Split('\n').Where(l => l.Contains(" was accepted", StringComparison.Ordinal) && l.Contains(package, StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count == 3 && accepted.Count == 3, run.Errors);
        Assert.DoesNotContain("was rejected", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_or_forged_entry_is_never_written_and_another_runtime_tag_is_a_miss()
    {
        string node = NodeRuntimes.Node(22);
        Warm(node, _tree.Path, _nodeCache.Path);

        // Every kept entry tampered with: each is found wrong and made again, and what Node gets is accepted.
        foreach (var kept in Directory.EnumerateFiles(Path.Combine(_cache.Path, "node", "entries"), "*", SearchOption.AllDirectories))
        {
            byte[] bytes = File.ReadAllBytes(kept);
            bytes[^1] ^= 0xff;
            File.WriteAllBytes(kept, bytes);
        }

        // An edited file: its old entry is not the new file's.
        _tree.Write("lib/util.cjs", "exports.twice = (n) => n + n;\n");
        using var fresh = new TempDirectory();
        var again = Warm(node, _tree.Path, fresh.Path);
        Assert.Equal(NodeCacheTree.Entries, again.GetProperty("generated").GetInt32());
        NodeCacheTree.AssertAccepted(node, _tree.Path, fresh.Path);

        // V8 flags change the cache's tag: the same node under --max-old-space-size is another runtime, all misses, no error.
        using var flagged = new TempDirectory();
        var other = Warm(node, _tree.Path, flagged.Path, ["NODE_OPTIONS=--max-old-space-size=3000"]);
        Assert.NotEqual(again.GetProperty("runtime").GetString(), other.GetProperty("runtime").GetString());
        Assert.Equal(NodeCacheTree.Entries, other.GetProperty("generated").GetInt32());
    }

    [Fact]
    public void Exec_warms_then_runs_the_command_with_the_folder_set_and_exits_with_its_code()
    {
        string node = NodeRuntimes.Node(22);
        var result = NodeCacheTree.Cli(["node-cache", "exec", "--node", node, "--cache-dir", _cache.Path, "--dir", _nodeCache.Path, "--",
            node, "-e", $"process.exit(process.env.NODE_COMPILE_CACHE === {JsonSerializer.Serialize(_nodeCache.Path)} ? 7 : 1)"], workingDirectory: _tree.Path);
        Assert.True(result.ExitCode == 7, result.Errors);
        Assert.Contains($"{NodeCacheTree.Entries} entries for {NodeCacheTree.Files} module files", result.Errors, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        NodeCacheTree.AssertAccepted(node, _tree.Path, _nodeCache.Path);
    }

    [Fact]
    public void A_program_that_is_not_node_is_a_clear_message()
    {
        var result = NodeCacheTree.Cli(["node-cache", "warm", _tree.Path, "--node", "/bin/true", "--cache-dir", _cache.Path, "--dir", _nodeCache.Path, "--json"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("esmcache: /bin/true is not a Node.js runtime", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_nodeCache.Path));
    }

    [Fact]
    public void Entry_names_and_file_urls_are_nodes()
    {
        // From Node 22's own folder: CRC32 of the type byte and the path (CommonJS) or file URL (ES module).
        Assert.Equal("743c0b85", NodeCacheEntry.FileName(NodeCacheKind.CommonJs, "/tmp/ncc/app/a.js"));
        Assert.Equal("b4e4ad3a", NodeCacheEntry.FileName(NodeCacheKind.EsModule, "/tmp/ncc/app/m.mjs"));
        Assert.Equal("file:///a%20b/%23c%3F/%C3%A9%25.mjs", NodeCacheEntry.FileUrl("/a b/#c?/é%.mjs"));
    }

    [Fact]
    public void An_entry_is_checked_against_its_source()
    {
        byte[] source = "module.exports = 1;\n"u8.ToArray();
        byte[] entry = NodeCacheEntry.Compose(source, [1, 2, 3, 4]);
        Assert.Null(NodeCacheEntry.Check(entry, source));
        Assert.Contains("source of 20 bytes", NodeCacheEntry.Check(entry, "module.exports = 22;\n"u8));
        Assert.Contains("another source", NodeCacheEntry.Check(entry, "module.exports = 2;\n"u8));
        entry[^1] ^= 1;
        Assert.Contains("checksum", NodeCacheEntry.Check(entry, source));
        Assert.Contains("header", NodeCacheEntry.Check(entry.AsSpan(0, 10), source));
    }

    public void Dispose()
    {
        _tree.Dispose();
        _cache.Dispose();
        _nodeCache.Dispose();
    }

    private JsonElement Warm(string node, string root, string nodeCache, string[]? environment = null) =>
        NodeCacheTree.Warm(node, root, _cache.Path, nodeCache, environment: environment);

}
