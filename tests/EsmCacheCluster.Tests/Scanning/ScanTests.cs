using System.Text.Json;
using EsmCacheCluster.Cli;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>Scanning a tree through the embedded default: the local folder, and a silo only on a miss.</summary>
public sealed class ScanTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();

    public ScanTests()
    {
        Write("package.json", """{ "name": "app", "type": "module", "imports": { "#lib/*": "./lib/*.js" } }""");
        Write("src/main.js", "import { a } from './a.js';\nimport b from '#lib/b';\nimport data from './data.json' with { type: 'json' };\nimport 'node:fs';\nimport 'missing-package';\nexport default a + b;\n");
        Write("src/a.js", "import { c } from './c.js';\nexport const a = c;\n");
        Write("src/c.js", "import { a } from './a.js';\nexport const c = 1;\nexport function useA() { return a; }\n");
        Write("lib/b.js", "export default 2;\n");
        Write("src/data.json", "{}");
        Write("src/broken.js", "export let = ;\n");
        Write("ignored/skip.js", "export {};\n");
        Write(".gitignore", "ignored/\n*.generated.js\n");
        Write("src/x.generated.js", "export {};\n");
        Write("node_modules/dep/index.js", "export {};\n");
        File.WriteAllBytes(Path.Combine(_tree.Path, "src", "binary.js"), [0x7F, 0x45, 0x4C, 0x46, 0, 1, 2]);
        File.CreateSymbolicLink(Path.Combine(_tree.Path, "src", "dangling.js"), Path.Combine(_tree.Path, "nowhere.js"));
        MakeFifo(Path.Combine(_tree.Path, "src", "pipe.js"));
    }

    /// <summary>A named pipe called like a module: reading it would block forever.</summary>
    private static void MakeFifo(string path)
    {
        Assert.Equal(0, ChildProcess.Run("mkfifo", [path], TimeSpan.FromSeconds(10)).ExitCode);
    }

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_tree.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<(ScanResult Scan, bool StartedSilo)> ScanAsync(bool noCache = false, bool includeNodeModules = false, bool embeddedSilo = false)
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache, _cache.Path, embeddedSilo: embeddedSilo);
        var options = new SourceTreeOptions { IncludeNodeModules = includeNodeModules };
        var scan = await new ModuleScanner(session.Records, new ModuleResolver()).ScanAsync(_tree.Path, options);
        return (scan, session.StartedSilo);
    }

    [Fact]
    public async Task Misses_are_generated_here_with_no_silo_and_a_second_scan_generates_nothing()
    {
        var (first, startedFirst) = await ScanAsync();
        Assert.False(startedFirst);
        Assert.Equal(first.Graph.Modules.Count, first.Count(FetchOrigin.LocalGenerated));

        var (second, startedSecond) = await ScanAsync();
        Assert.False(startedSecond);
        Assert.Equal(second.Graph.Modules.Count, second.Count(FetchOrigin.LocalCache));
        Assert.Equal(0, second.Count(FetchOrigin.LocalGenerated, FetchOrigin.LocalFallback));
    }

    [Fact]
    public async Task The_embedded_silo_generates_misses_when_asked_for_and_the_folder_answers_next_time()
    {
        var (first, started) = await ScanAsync(embeddedSilo: true);
        Assert.True(started);
        Assert.Equal(first.Graph.Modules.Count, first.Count(FetchOrigin.ClusterGenerated));

        var (second, startedSecond) = await ScanAsync();
        Assert.False(startedSecond);
        Assert.Equal(second.Graph.Modules.Count, second.Count(FetchOrigin.LocalCache));
    }

    [Fact]
    public async Task An_edited_file_is_reanalysed_and_only_it()
    {
        await ScanAsync();
        Write("src/a.js", "import { c } from './c.js';\nexport const a = c + 1; // edited\n");
        var (scan, started) = await ScanAsync();
        Assert.False(started);
        var generated = scan.Graph.Modules.Where(m => m.Origin == FetchOrigin.LocalGenerated).Select(m => m.File.RelativePath).ToArray();
        Assert.Equal(["src/a.js"], generated);
    }

    [Fact]
    public async Task Unusable_files_are_reported_per_file_and_the_scan_completes()
    {
        var (scan, _) = await ScanAsync();
        Assert.Contains(scan.Problems, p => p.Path == "src/binary.js" && p.Reason.Contains("not a text file"));
        Assert.Contains(scan.Problems, p => p.Path == "src/dangling.js" && p.Reason.Contains("broken symbolic link"));
        Assert.Contains(scan.Problems, p => p.Path == "src/pipe.js" && p.Reason.Contains("not a regular file"));
        var broken = Assert.Single(scan.Graph.Modules, m => m.File.RelativePath == "src/broken.js");
        Assert.NotNull(broken.Record.SyntaxError);
        Assert.Equal(1, scan.SyntaxErrors);
        Assert.Equal(["lib/b.js", "src/a.js", "src/broken.js", "src/c.js", "src/main.js"], scan.Graph.Modules.Select(m => m.File.RelativePath));
    }

    [Fact]
    public async Task Gitignore_and_node_modules_are_honoured()
    {
        var (scan, _) = await ScanAsync();
        Assert.DoesNotContain(scan.Graph.Modules, m => m.File.RelativePath.StartsWith("ignored/") || m.File.RelativePath.Contains("generated") || m.File.RelativePath.StartsWith("node_modules/"));
        var (withDeps, _) = await ScanAsync(includeNodeModules: true);
        Assert.Contains(withDeps.Graph.Modules, m => m.File.RelativePath == "node_modules/dep/index.js");
    }

    [Fact]
    public async Task The_graph_has_the_known_edges_cycles_and_affected_sets()
    {
        var (scan, _) = await ScanAsync();
        var graph = scan.Graph;
        string Path(int i) => graph.Modules[i].File.RelativePath;
        var main = graph.Modules[graph.Find("src/main.js")];
        Assert.Equal(["./a.js", "#lib/b", "./data.json", "node:fs", "missing-package"], main.Imports.Select(i => i.Specifier));
        Assert.Equal("src/a.js", Path(main.Imports[0].Target));
        Assert.Equal("lib/b.js", Path(main.Imports[1].Target));
        Assert.EndsWith("src/data.json", main.Imports[2].Resolution.Path!, StringComparison.Ordinal);
        Assert.Equal("type", main.Imports[2].Attributes.Single().Key);
        Assert.Equal("node:fs", main.Imports[3].Resolution.Builtin);
        Assert.False(main.Imports[4].Resolution.IsResolved);
        Assert.Equal(1, scan.Unresolved);

        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["src/a.js", "src/c.js"], cycle.Select(Path));
        Assert.Equal(["src/a.js", "src/c.js", "src/main.js"], graph.Affected([graph.Find("src/c.js")]).Select(Path));
        Assert.Equal(["lib/b.js", "src/main.js"], graph.Affected([graph.Find("lib/b.js")]).Select(Path));
    }

    [Fact]
    public async Task No_cache_analyses_locally_and_writes_nothing()
    {
        var (scan, started) = await ScanAsync(noCache: true);
        Assert.False(started);
        Assert.All(scan.Graph.Modules, m => Assert.Equal(FetchOrigin.LocalGenerated, m.Origin));
        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_summary_counts_misses_hits_and_what_was_generated()
    {
        using var noCache = JsonDocument.Parse(Json((await ScanAsync(noCache: true)).Scan));
        var summary = noCache.RootElement.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("misses").GetInt32()); // generated here, no cache involved
        Assert.Equal(5, summary.GetProperty("generated").GetInt32());

        using var first = JsonDocument.Parse(Json((await ScanAsync()).Scan));
        summary = first.RootElement.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("misses").GetInt32()); // generated here and kept in the folder
        Assert.Equal(5, summary.GetProperty("generated").GetInt32());

        using var second = JsonDocument.Parse(Json((await ScanAsync()).Scan));
        summary = second.RootElement.GetProperty("summary");
        Assert.Equal((5, 0, 0), (summary.GetProperty("hits").GetInt32(), summary.GetProperty("misses").GetInt32(), summary.GetProperty("generated").GetInt32()));
    }

    [Fact]
    public async Task Progress_is_reported_while_files_are_read_and_records_fetched()
    {
        var reports = new List<ScanProgress>();
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: true, _cache.Path);
        await new ModuleScanner(session.Records, new ModuleResolver()).ScanAsync(_tree.Path, new SourceTreeOptions(), new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        }));

        // Every file found is counted once while reading (the unusable ones too), then every record.
        var reading = reports.Where(p => p.Phase == "reading" && p.Total > 0).ToList();
        Assert.Equal(8, reading.Max(p => p.Done)); // 5 modules + binary, dangling link and pipe
        Assert.All(reading, p => Assert.Equal(8, p.Total));
        Assert.Contains(reports, p => p.Phase == "fetching records" && p.Done == 5 && p.Total == 5);
    }

    [Fact]
    public async Task A_cancelled_scan_stops_with_OperationCanceledException()
    {
        await using var session = CacheSession.Open(CommandContext.OfThisProcess(), cluster: null, noCache: false, _cache.Path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ModuleScanner(session.Records, new ModuleResolver()).ScanAsync(_tree.Path, new SourceTreeOptions(), cancellationToken: cancelled.Token));
        Assert.False(session.StartedSilo);
    }

    private static byte[] Json(ScanResult scan)
    {
        using var stream = new MemoryStream();
        ScanJsonWriter.Write(stream, scan);
        return stream.ToArray();
    }

    private sealed class SynchronousProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }

    [Fact]
    public async Task The_json_document_follows_the_schema()
    {
        var (scan, _) = await ScanAsync();
        using var stream = new MemoryStream();
        ScanJsonWriter.Write(stream, scan);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var root = doc.RootElement;
        Assert.Equal(["root", "modules", "commonjs", "summary"], root.EnumerateObject().Select(p => p.Name));
        var module = root.GetProperty("modules").EnumerateArray().First(m => m.GetProperty("file").GetString() == "src/main.js");
        Assert.Equal(["file", "sha256", "record", "imports", "nonLiteral"], module.EnumerateObject().Select(p => p.Name));
        Assert.False(module.GetProperty("record").TryGetProperty("file", out _));
        var json = module.GetProperty("imports")[2];
        Assert.Equal("""{"specifier":"./data.json","kind":"static","attributes":[{"key":"type","value":"json"}],"resolved":"src/data.json","builtin":false,"declaration":false,"error":null}""", json.GetRawText());
        Assert.Equal("""{"specifier":"node:fs","kind":"static","attributes":[],"resolved":null,"builtin":true,"declaration":false,"error":null}""", module.GetProperty("imports")[3].GetRawText());
        Assert.Equal(["files", "bytes", "distinct", "hits", "misses", "generated", "hashed", "analysed", "resolved", "watched", "syntaxErrors", "unresolved", "commonjs", "nonLiteral", "cycles", "ms"],
            root.GetProperty("summary").EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, root.GetProperty("summary").GetProperty("files").GetInt32());
    }

    public void Dispose()
    {
        _tree.Dispose();
        _cache.Dispose();
    }
}
