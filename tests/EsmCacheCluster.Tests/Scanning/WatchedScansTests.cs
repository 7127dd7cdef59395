using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// The daemon's watched roots: a root's last scan answers again only while nothing it depends on changed. Every
/// change below is one a stat cache alone could miss or one the watch cannot see by itself (back-dated same-size
/// edits, new folders, renamed folders, files outside the root, symlinked modules, changes made during a scan), and
/// every answer is compared with a scan without any cache.
/// </summary>
public sealed class WatchedScansTests : IDisposable
{
    private readonly TempDirectory _top = new();
    private readonly TempDirectory _cache = new();
    private readonly WatchedScans _watched = new();
    private readonly string _root;

    public WatchedScansTests()
    {
        _root = Path.Combine(_top.Path, "app");
        _top.Write("app/src/main.js", "import { a } from './a.js';\nimport { b } from './b.js';\nexport default a + b;\n");
        _top.Write("app/src/a.js", "export const a = 1;\n");
        _top.Write("app/src/b.js", "export const b = 2;\n");
    }

    [Fact]
    public async Task An_unchanged_tree_is_answered_by_its_last_scan_and_a_back_dated_same_size_edit_is_seen()
    {
        var first = await ScanAsync();
        Assert.False(first.Watched);
        var again = await ScanAsync();
        Assert.True(again.Watched);
        Assert.Equal((0, 0, 0), (again.Hashed, again.Analysed, again.Resolved));
        await ScanAssert.MatchesFreshScanAsync(_root, again);

        // Same size, and both times put back: only the watch can tell.
        string a = Path.Combine(_root, "src/a.js");
        var written = File.GetLastWriteTimeUtc(a);
        File.WriteAllText(a, "export const z = 1;\n");
        File.SetLastWriteTimeUtc(a, written);
        var edited = await ScanAsync();
        Assert.False(edited.Watched);
        Assert.Contains("z", Module(edited, "src/a.js").Record.LocalExportEntries.Select(e => e.ExportName));
        await ScanAssert.MatchesFreshScanAsync(_root, edited);
        Assert.True((await ScanAsync()).Watched);
    }

    [Fact]
    public async Task Files_in_new_and_renamed_folders_are_seen()
    {
        await ScanAsync();
        Assert.True((await ScanAsync()).Watched);

        _top.Write("app/src/new/deeper/c.js", "export const c = 3;\n");
        var created = await ScanAsync();
        Assert.False(created.Watched);
        Assert.True(created.Graph.Find("src/new/deeper/c.js") >= 0);
        Assert.True((await ScanAsync()).Watched);

        // The new folders are watched now: an edit inside one is seen.
        _top.Write("app/src/new/deeper/c.js", "export const d = 4;\n");
        var edited = await ScanAsync();
        Assert.False(edited.Watched);
        await ScanAssert.MatchesFreshScanAsync(_root, edited);

        Directory.Move(Path.Combine(_root, "src/new"), Path.Combine(_root, "src/moved"));
        var moved = await ScanAsync();
        Assert.True(moved.Graph.Find("src/moved/deeper/c.js") >= 0);
        Assert.True((await ScanAsync()).Watched);
        _top.Write("app/src/moved/deeper/c.js", "export const e = 5;\n");
        var afterMove = await ScanAsync();
        Assert.False(afterMove.Watched);
        await ScanAssert.MatchesFreshScanAsync(_root, afterMove);
    }

    [Fact]
    public async Task Files_outside_the_root_that_resolutions_and_symlinked_modules_use_are_checked_on_every_answer()
    {
        _top.Write("app/src/uses-sibling.js", "import { s } from '../../sibling/s.js';\nexport default s;\n");
        string target = _top.Write("outside/real.js", "export const r = 1;\n");
        File.CreateSymbolicLink(Path.Combine(_root, "src/link.js"), target);
        Thread.Sleep(250); // past the racy window of the files just written
        var first = await ScanAsync();
        Assert.False(Edge(first, "src/uses-sibling.js").Resolution.IsResolved);
        Assert.True((await ScanAsync()).Watched);

        _top.Write("sibling/s.js", "export const s = 1;\n"); // outside the root: no event
        var resolved = await ScanAsync();
        Assert.False(resolved.Watched);
        Assert.True(Edge(resolved, "src/uses-sibling.js").Resolution.IsResolved);
        await ScanAssert.MatchesFreshScanAsync(_root, resolved);

        Thread.Sleep(250);
        Assert.True((await ScanAsync()).Watched);
        File.WriteAllText(target, "export const changed = 2;\n"); // the symlinked module's bytes, outside the root
        var edited = await ScanAsync();
        Assert.False(edited.Watched);
        Assert.Contains("changed", Module(edited, "src/link.js").Record.LocalExportEntries.Select(e => e.ExportName));
    }

    [Fact]
    public async Task A_change_made_while_a_scan_reads_is_seen_by_the_next_scan()
    {
        await ScanAsync();
        int edits = 0;
        var during = new SyncProgress(p =>
        {
            if (p.Phase == "resolving" && Interlocked.Increment(ref edits) == 1)
            {
                File.AppendAllText(Path.Combine(_root, "src/b.js"), "export const late = 3;\n");
            }
        });
        _top.Write("app/src/a.js", "export const a = 10;\n"); // so that the scan is a full one
        await ScanAsync(during);
        var next = await ScanAsync();
        Assert.False(next.Watched);
        Assert.Contains("late", Module(next, "src/b.js").Record.LocalExportEntries.Select(e => e.ExportName));
    }

    [Fact]
    public void A_watch_that_lost_events_starts_over_and_still_sees_changes()
    {
        var watch = TreeWatch.TryStart(_root, out var problem);
        Assert.True(watch is not null, problem);
        using (watch)
        {
            Assert.False(watch.Drain(out _));
            int limit = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_queued_events").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            string a = Path.Combine(_root, "src/a.js"), b = Path.Combine(_root, "src/b.js");
            var time = DateTime.UtcNow;
            for (int i = 0; i <= limit; i++)
            {
                // Alternating files: the kernel merges an event identical to the one before it.
                File.SetLastWriteTimeUtc(i % 2 == 0 ? a : b, time.AddSeconds(-i));
            }

            Assert.True(watch.Drain(out problem));
            Assert.Null(problem);
            Assert.False(watch.Drain(out _));

            Directory.CreateDirectory(Path.Combine(_root, "src/after"));
            Assert.True(watch.Drain(out _));
            Assert.True(watch.Covers(Path.Combine(_root, "src/after")));
            File.WriteAllText(Path.Combine(_root, "src/after/x.js"), "");
            Assert.True(watch.Drain(out _));
            Assert.False(watch.Drain(out _));
        }
    }

    public void Dispose()
    {
        _watched.Dispose();
        _top.Dispose();
        _cache.Dispose();
    }

    private static GraphModule Module(ScanResult scan, string relative) => scan.Graph.Modules[scan.Graph.Find(relative)];

    private static ImportEdge Edge(ScanResult scan, string relative) => Module(scan, relative).Imports.Single();

    private async Task<ScanResult> ScanAsync(IProgress<ScanProgress>? progress = null)
    {
        await using var client = new ModuleCacheClient(connect: null, new ModuleCacheClientOptions { LocalCacheDirectory = _cache.Path, LocalGenerator = new AnalysisGenerator() });
        var scanner = new ModuleScanner(() => client, new ModuleResolver(ResolveMode.Auto), new ScanIndexStore(Path.Combine(_cache.Path, "index")), "tests", watched: _watched);
        return await scanner.ScanAsync(_root, new SourceTreeOptions(), progress);
    }

    /// <summary>Reports on the scan's own thread (Progress&lt;T&gt; would post them elsewhere, too late).</summary>
    private sealed class SyncProgress(Action<ScanProgress> report) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value) => report(value);
    }
}
