using System.Text;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// The root's index (stat cache, records, resolutions): a warm scan reads nothing unchanged, and no change slips
/// past it. Every case compares with a scan that uses no index at all: the answer must be the same.
/// </summary>
public sealed class ScanIndexTests : IDisposable
{
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();

    public ScanIndexTests()
    {
        _tree.Write("src/main.js", "import { a } from './a.js';\nimport { b } from './b.js';\nexport default a + b;\n");
        _tree.Write("src/a.js", "export const a = 1;\n");
        _tree.Write("src/b.js", "export const b = 2;\n");
        _tree.Write("src/c.js", "export const c = 3;\n");
    }

    [Fact]
    public async Task A_warm_scan_of_an_unchanged_tree_reads_and_resolves_nothing()
    {
        Settle();
        var cold = await ScanAsync();
        Assert.Equal(4, cold.Hashed);
        Assert.Equal(4, cold.Analysed);
        var warm = await ScanAsync();
        Assert.Equal((0, 0, 0), (warm.Hashed, warm.Analysed, warm.Resolved));
        Assert.Null(warm.IndexNote);
        await AssertMatchesFreshScanAsync(warm);
    }

    [Fact]
    public async Task After_one_edit_one_file_is_hashed_and_one_module_analysed()
    {
        Settle();
        await ScanAsync();
        _tree.Write("src/a.js", "export const a = 10;\nexport { c } from './c.js';\n");
        var scan = await ScanAsync();
        Assert.Equal((1, 1), (scan.Hashed, scan.Analysed));
        Assert.Equal(1, scan.Resolved); // a.js's import of c.js is new; main.js's cached resolutions still hold
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task A_same_size_edit_in_the_same_second_is_seen()
    {
        Settle();
        await ScanAsync();
        _tree.Write("src/a.js", "export const z = 1;\n"); // same length as before
        var scan = await ScanAsync();
        Assert.Equal(1, scan.Hashed);
        Assert.Contains("z", Module(scan, "src/a.js").Record.LocalExportEntries.Select(e => e.ExportName));
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task An_edit_back_dated_with_touch_is_seen()
    {
        Settle();
        string a = Path.Combine(_tree.Path, "src/a.js");
        var before = File.GetLastWriteTimeUtc(a);
        await ScanAsync();
        _tree.Write("src/a.js", "export const y = 1;\n");
        // touch -d: the old mtime again, to the tick; only ctime tells.
        string old = $"@{(before - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond}.{(before - DateTime.UnixEpoch).Ticks % TimeSpan.TicksPerSecond:D7}";
        Assert.Equal(0, ChildProcess.Run("touch", ["-d", old, a], TimeSpan.FromSeconds(10)).ExitCode);
        Assert.Equal(before, File.GetLastWriteTimeUtc(a));
        var scan = await ScanAsync();
        Assert.Equal(1, scan.Hashed);
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task A_file_replaced_by_rename_with_the_same_size_and_times_is_seen()
    {
        Settle();
        string a = Path.Combine(_tree.Path, "src/a.js");
        await ScanAsync();
        string replacement = _tree.Write("src/a.js.new", "export const x = 1;\n");
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(a));
        File.Move(replacement, a, overwrite: true); // another inode under the same name
        var scan = await ScanAsync();
        Assert.Equal(1, scan.Hashed);
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task A_copy_with_preserved_times_is_seen()
    {
        _tree.Write("other/a.js", "export const w = 1;\n"); // same size as src/a.js, older content
        Settle();
        await ScanAsync();
        Assert.Equal(0, ChildProcess.Run("cp", ["-p", Path.Combine(_tree.Path, "other/a.js"), Path.Combine(_tree.Path, "src/a.js")], TimeSpan.FromSeconds(10)).ExitCode);
        var scan = await ScanAsync();
        Assert.Equal(1, scan.Hashed);
        Assert.Equal(Module(scan, "other/a.js").File.Hash, Module(scan, "src/a.js").File.Hash);
        Assert.Equal(0, scan.Analysed); // the index already had that content's record
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task Files_changed_just_before_a_scan_are_hashed_again_by_the_next()
    {
        // The first scan starts (by its clock) 50 ms after the files were written: they are racily clean for it.
        var written = Directory.EnumerateFiles(_tree.Path, "*", SearchOption.AllDirectories).Min(File.GetLastWriteTimeUtc);
        await ScanAsync(new FixedClock(new DateTimeOffset(written, TimeSpan.Zero) + TimeSpan.FromMilliseconds(50)));
        var next = await ScanAsync();
        Assert.Equal(4, next.Hashed);
        Assert.Equal(0, next.Analysed);
        Settle();
        // Once a scan has recorded them settled, they are trusted.
        await ScanAsync();
        Assert.Equal(0, (await ScanAsync()).Hashed);
    }

    [Theory]
    [InlineData(3_000_000_000L, 3_000_000_000L, true)] // whole seconds (a coarse file system): a 2 s window
    [InlineData(1_000_000_000L, 1_000_000_000L, false)]
    [InlineData(1_000_000_000L, 3_950_000_001L, true)] // ctime counts as much as mtime
    [InlineData(3_899_999_999L, 3_899_999_999L, false)] // nanoseconds: a 100 ms window
    [InlineData(3_950_000_001L, 3_950_000_001L, true)]
    public void A_stat_is_racy_within_the_file_systems_granularity_of_the_scan(long modified, long changed, bool racy)
    {
        var stat = new FileStat(FileKind.File, 10, modified, changed, 1, 1);
        Assert.Equal(racy, stat.IsRacyFor(scanStartedNs: 4_000_000_000L));
    }

    [Fact]
    public async Task A_clock_that_jumped_back_makes_the_next_scan_read_everything()
    {
        Settle();
        await ScanAsync(new ShiftedClock(TimeSpan.FromHours(1))); // the index says it was written an hour from now
        var scan = await ScanAsync();
        Assert.Equal(4, scan.Hashed);
        Assert.Contains("clock", scan.IndexNote);
        await AssertMatchesFreshScanAsync(scan);
        var after = await ScanAsync();
        Assert.True(after.Hashed == 0, after.IndexNote);
    }

    [Fact]
    public async Task A_clock_that_jumped_forward_makes_the_next_scan_read_everything()
    {
        Settle();
        await ScanAsync(new ShiftedClock(TimeSpan.FromHours(-1))); // files look modified after that scan began
        var scan = await ScanAsync();
        Assert.Equal(4, scan.Hashed);
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task A_file_appearing_where_a_lookup_found_nothing_is_resolved()
    {
        _tree.Write("src/main.js", "import { x } from './x.js';\nexport default x;\n");
        Settle();
        var before = await ScanAsync();
        Assert.False(Module(before, "src/main.js").Imports[0].Resolution.IsResolved);
        _tree.Write("src/x.js", "export const x = 1;\n");
        var after = await ScanAsync();
        Assert.Equal(Path.Combine(after.Graph.Root, "src/x.js"), Module(after, "src/main.js").Imports[0].Resolution.Path);
        await AssertMatchesFreshScanAsync(after);
    }

    [Fact]
    public async Task A_deleted_target_is_no_longer_resolved()
    {
        Settle();
        await ScanAsync();
        File.Delete(Path.Combine(_tree.Path, "src/b.js"));
        var scan = await ScanAsync();
        Assert.False(Module(scan, "src/main.js").Imports[1].Resolution.IsResolved);
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task An_edited_package_json_changes_the_resolutions_that_read_it()
    {
        _tree.Write("node_modules/pkg/package.json", """{ "name": "pkg", "exports": { ".": "./one.js" } }""");
        _tree.Write("node_modules/pkg/one.js", "export default 1;\n");
        _tree.Write("node_modules/pkg/two.js", "export default 2;\n");
        _tree.Write("src/uses-pkg.js", "import n from 'pkg';\nexport default n;\n");
        Settle();
        var before = await ScanAsync();
        Assert.EndsWith("one.js", Module(before, "src/uses-pkg.js").Imports[0].Resolution.Path);
        _tree.Write("node_modules/pkg/package.json", """{ "name": "pkg", "exports": { ".": "./two.js" } }""");
        var after = await ScanAsync();
        Assert.EndsWith("two.js", Module(after, "src/uses-pkg.js").Imports[0].Resolution.Path);
        Assert.Equal(1, after.Resolved);
        await AssertMatchesFreshScanAsync(after);
    }

    [Fact]
    public async Task An_edited_tsconfig_changes_the_resolutions_under_it()
    {
        _tree.Write("tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "allowJs": true, "paths": { "@lib": ["./src/a.js"] } } }""");
        _tree.Write("src/alias.js", "import { a } from '@lib';\nexport default a;\n");
        Settle();
        var before = await ScanAsync();
        Assert.EndsWith("src/a.js", Module(before, "src/alias.js").Imports[0].Resolution.Path);
        _tree.Write("tsconfig.json", """{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "allowJs": true, "paths": { "@lib": ["./src/b.js"] } } }""");
        var after = await ScanAsync();
        Assert.EndsWith("src/b.js", Module(after, "src/alias.js").Imports[0].Resolution.Path);
        await AssertMatchesFreshScanAsync(after);
    }

    [Fact]
    public async Task A_retargeted_symlink_changes_the_resolutions_through_it()
    {
        _tree.Write("lib1/index.js", "export const v = 1;\n");
        _tree.Write("lib2/index.js", "export const v = 2;\n");
        Directory.CreateDirectory(Path.Combine(_tree.Path, "node_modules"));
        string link = Path.Combine(_tree.Path, "node_modules/lib");
        Directory.CreateSymbolicLink(link, "../lib1");
        _tree.Write("lib1/package.json", """{ "name": "lib", "exports": "./index.js" }""");
        _tree.Write("lib2/package.json", """{ "name": "lib", "exports": "./index.js" }""");
        _tree.Write("src/uses-lib.js", "import { v } from 'lib';\nexport default v;\n");
        Settle();
        var before = await ScanAsync();
        Assert.EndsWith("lib1/index.js", Module(before, "src/uses-lib.js").Imports[0].Resolution.Path);
        Directory.Delete(link);
        Directory.CreateSymbolicLink(link, "../lib2");
        var after = await ScanAsync();
        Assert.EndsWith("lib2/index.js", Module(after, "src/uses-lib.js").Imports[0].Resolution.Path);
        await AssertMatchesFreshScanAsync(after);
    }

    [Fact]
    public async Task Files_and_folders_added_to_settled_folders_are_found()
    {
        Settle();
        await ScanAsync();
        _tree.Write("src/new.js", "export const n = 1;\n");
        _tree.Write("src/deep/er/x.js", "import { n } from '../../new.js';\nexport default n;\n");
        var scan = await ScanAsync();
        Assert.True(scan.Graph.Find("src/new.js") >= 0 && scan.Graph.Find("src/deep/er/x.js") >= 0);
        Assert.Equal(2, scan.Hashed);
        await AssertMatchesFreshScanAsync(scan);
        Directory.Delete(Path.Combine(_tree.Path, "src/deep"), recursive: true);
        var removed = await ScanAsync();
        Assert.True(removed.Graph.Find("src/deep/er/x.js") < 0);
        await AssertMatchesFreshScanAsync(removed);
    }

    [Fact]
    public async Task An_edited_gitignore_applies_to_a_folder_listed_from_the_index()
    {
        _tree.Write(".gitignore", "ignored-nothing/\n");
        Settle();
        await ScanAsync();
        await ScanAsync(); // the folder listings are settled in the index now
        File.WriteAllText(Path.Combine(_tree.Path, ".gitignore"), "src/c.js\n"); // the folder's entries are unchanged
        var scan = await ScanAsync();
        Assert.True(scan.Graph.Find("src/c.js") < 0);
        await AssertMatchesFreshScanAsync(scan);
    }

    [Fact]
    public async Task A_damaged_index_is_refused_whole_and_replaced()
    {
        Settle();
        await ScanAsync();
        string index = Directory.GetFiles(Path.Combine(_cache.Path, "index"), "*.esmi").Single();
        byte[] good = File.ReadAllBytes(index);
        var random = new Random(12);
        for (int round = 0; round < 24; round++)
        {
            byte[] bad = round % 2 == 0 ? good[..random.Next(good.Length)] : (byte[])good.Clone();
            if (round % 2 == 1)
            {
                bad[random.Next(bad.Length)] ^= (byte)(1 + random.Next(255));
            }

            File.WriteAllBytes(index, bad);
            var scan = await ScanAsync();
            Assert.Contains("unusable", scan.IndexNote);
            Assert.Equal(4, scan.Hashed);
            await AssertMatchesFreshScanAsync(scan);
            var again = await ScanAsync();
            Assert.True(again.IndexNote is null, again.IndexNote); // replaced by a good one
        }
    }

    [Fact]
    public async Task Concurrent_scans_of_a_root_leave_a_usable_index()
    {
        Settle();
        var scans = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ScanAsync())));
        foreach (var scan in scans)
        {
            await AssertMatchesFreshScanAsync(scan);
        }

        var warm = await ScanAsync();
        Assert.Equal(0, warm.Hashed);
        Assert.Null(warm.IndexNote);
    }

    public void Dispose()
    {
        _tree.Dispose();
        _cache.Dispose();
    }

    /// <summary>Lets the racy-timestamp window of files just written pass, as it would between a save and a scan.</summary>
    private static void Settle() => Thread.Sleep(250);

    private static GraphModule Module(ScanResult scan, string relative) => scan.Graph.Modules[scan.Graph.Find(relative)];

    private async Task<ScanResult> ScanAsync(TimeProvider? clock = null)
    {
        await using var client = new ModuleCacheClient(connect: null, new ModuleCacheClientOptions { LocalCacheDirectory = _cache.Path, LocalGenerator = new AnalysisGenerator() });
        var scanner = new ModuleScanner(() => client, new ModuleResolver(ResolveMode.Auto), new ScanIndexStore(Path.Combine(_cache.Path, "index")), "tests", clock);
        return await scanner.ScanAsync(_tree.Path, new SourceTreeOptions { IncludeNodeModules = false });
    }

    private Task AssertMatchesFreshScanAsync(ScanResult scan) => ScanAssert.MatchesFreshScanAsync(_tree.Path, scan);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
