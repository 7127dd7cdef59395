using System.Text.Json;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests.Client;

/// <summary>
/// The client's cache folder kept bounded: least recently used first, last use moved by reads at most daily, and
/// nothing but cache entries touched. Through the built CLI too: <c>esmcache cache prune|stats|clear</c>, and the
/// cap a scan enforces when it added to the folder.
/// </summary>
public sealed class LocalCacheFolderTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _folder = new();

    [Fact]
    public void Pruning_to_a_size_keeps_exactly_the_most_recently_used_entries()
    {
        var blobs = Enumerable.Range(0, 20).Select(i => Blob(i, bytes: 100_000, lastUse: Now.AddHours(-i))).ToArray();
        string index = Entry("index/0123.esmi", 50_000, Now.AddHours(-3.5));
        string unrelated = Entry("daemon.sock-like.txt", 5_000_000, Now.AddDays(-400));

        var pruned = new LocalCacheFolder(_folder.Path).Prune(1_000_000, now: Now);

        // Newest first: blobs 0-3, the index (3.5 h), blobs 4-8 = 950,000 bytes; blob 9 would not fit.
        Assert.Equal(950_000, pruned.RemainingBytes);
        Assert.Equal(blobs[..9], blobs.Where(File.Exists));
        Assert.True(File.Exists(index));
        Assert.True(File.Exists(unrelated));
        Assert.Equal((11, 11 * 100_000L), (pruned.Deleted, pruned.DeletedBytes));
        Assert.Equal(950_000, new LocalCacheFolder(_folder.Path).Measure().TotalBytes);
    }

    [Fact]
    public void Node_compile_cache_entries_count_toward_the_cap_and_go_least_recently_used_first()
    {
        string blob = Blob(1, 100_000, Now.AddHours(-1));
        string recent = Entry($"node/entries/v24.22.3-x64-964aae3f/{new string('a', 64)}.commonjs", 100_000, Now.AddHours(-2));
        string old = Entry($"node/entries/v24.22.3-x64-964aae3f/{new string('b', 64)}.detected-module", 100_000, Now.AddHours(-30));
        string nodesOwn = Entry("node/compile-cache/v24.22.3-x64-964aae3f-0/0bd4135b", 100_000, Now.AddDays(-400)); // Node's folder is Node's

        var usage = new LocalCacheFolder(_folder.Path).Measure();
        Assert.Equal((2, 200_000L, 300_000L), (usage.NodeEntries, usage.NodeEntryBytes, usage.TotalBytes));

        var pruned = new LocalCacheFolder(_folder.Path).Prune(250_000, now: Now);
        Assert.Equal((1, 200_000L), (pruned.Deleted, pruned.RemainingBytes));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent) && File.Exists(blob) && File.Exists(nodesOwn));
    }

    [Fact]
    public void Pruning_by_age_and_leftovers_of_interrupted_writes()
    {
        string recent = Blob(1, 10, Now.AddDays(-1));
        string old = Blob(2, 10, Now.AddDays(-31));
        string writing = Entry("ab/abcd.bmes.1234.tmp", 10, Now.AddMinutes(-1));
        string abandoned = Entry("ab/abce.bmes.1234.tmp", 10, Now.AddHours(-1));

        var pruned = new LocalCacheFolder(_folder.Path).Prune(long.MaxValue, TimeSpan.FromDays(30), Now);

        Assert.Equal((true, false, true, false), (File.Exists(recent), File.Exists(old), File.Exists(writing), File.Exists(abandoned)));
        Assert.Equal(2, pruned.Deleted);
        var usage = new LocalCacheFolder(_folder.Path).Measure();
        Assert.Equal((1, 1), (usage.Blobs, usage.Leftovers));
    }

    [Fact]
    public void After_a_run_the_folder_is_listed_only_when_what_was_added_may_not_fit_or_the_last_listing_is_a_day_old()
    {
        var folder = new LocalCacheFolder(_folder.Path);
        var blobs = Enumerable.Range(0, 10).Select(i => Blob(i, bytes: 1_000, lastUse: Now.AddMinutes(-i))).ToArray();

        // No bound yet: listed (nothing to delete), and the bound is what the listing found.
        Assert.Equal(10_000, folder.KeepUnder(10_000, addedBytes: 0, Now)?.RemainingBytes);

        // A file appears behind the bound's back (the bound counts only what runs report): a run that adds 500 bytes
        // fits the bound (10,500 <= 11,000) and lists nothing, so the extra file stays although the folder is over.
        string unreported = Blob(100, bytes: 2_000, lastUse: Now.AddMinutes(-100));
        Assert.Null(folder.KeepUnder(11_000, addedBytes: 500, Now.AddHours(1)));
        Assert.True(File.Exists(unreported));

        // The next addition does not fit the bound (10,500 + 1,000 > 11,000): listed, the oldest go.
        var pruned = folder.KeepUnder(11_000, addedBytes: 1_000, Now.AddHours(2));
        Assert.Equal((1, 10_000L), (pruned?.Deleted, pruned?.RemainingBytes));
        Assert.False(File.Exists(unreported));

        // Within the day a small addition lists nothing; a day after the last listing the folder is listed again.
        Assert.Null(folder.KeepUnder(11_000, addedBytes: 10, Now.AddHours(20)));
        Assert.NotNull(folder.KeepUnder(11_000, addedBytes: 10, Now.AddHours(26)));

        // A damaged bound is no bound: listed.
        File.WriteAllBytes(Path.Combine(_folder.Path, LocalCacheFolder.UsageFileName), new byte[24]);
        Assert.NotNull(folder.KeepUnder(11_000, addedBytes: 0, Now.AddHours(27)));
        Assert.Equal(blobs, blobs.Where(File.Exists));
    }

    [Fact]
    public void A_read_moves_a_blobs_last_use_at_most_once_a_day()
    {
        var directory = new BmesDirectory(_folder.Path);
        var stale = (CacheKey)ContentHash.Compute("export const stale = 1;"u8);
        var fresh = (CacheKey)ContentHash.Compute("export const fresh = 1;"u8);
        directory.Write(stale, [1, 2, 3]);
        directory.Write(fresh, [4, 5, 6]);
        var threeDaysAgo = DateTime.UtcNow.AddDays(-3);
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(directory.PathOf(stale), threeDaysAgo);
        File.SetLastWriteTimeUtc(directory.PathOf(fresh), anHourAgo);

        Assert.NotNull(directory.TryRead(stale));
        Assert.NotNull(directory.TryRead(fresh));

        Assert.True(File.GetLastWriteTimeUtc(directory.PathOf(stale)) > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(anHourAgo, File.GetLastWriteTimeUtc(directory.PathOf(fresh))); // no write for a read within the day
    }

    [Fact]
    public void Cache_prune_stats_and_clear_through_the_cli()
    {
        var blobs = Enumerable.Range(0, 30).Select(i => Blob(i, bytes: 60_000, lastUse: DateTime.UtcNow.AddMinutes(-10 * i))).ToArray();

        var prune = Cli("cache", "prune", "--max-size", "1MB", "--cache-dir", _folder.Path, "--json");
        using (var json = JsonDocument.Parse(prune.Output))
        {
            Assert.True(json.RootElement.GetProperty("remainingBytes").GetInt64() <= 1_000_000, prune.Output);
        }

        Assert.Equal(blobs[..16], blobs.Where(File.Exists)); // 16 x 60,000 = 960,000: the 16 most recently used

        var stats = Cli("cache", "stats", "--cache-dir", _folder.Path, "--json");
        using (var json = JsonDocument.Parse(stats.Output))
        {
            Assert.Equal(16, json.RootElement.GetProperty("blobs").GetInt32());
            Assert.Equal(960_000, json.RootElement.GetProperty("totalBytes").GetInt64());
        }

        Assert.Equal(2, ChildProcess.Run("dotnet", [RepoPaths.Cli, "cache", "prune", "--max-size", "lots", "--cache-dir", _folder.Path], TimeSpan.FromMinutes(1)).ExitCode);
        Cli("cache", "clear", "--cache-dir", _folder.Path);
        Assert.DoesNotContain(blobs, File.Exists);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_scan_that_added_to_the_folder_leaves_it_under_its_cap_and_the_next_scan_is_still_right()
    {
        using var tree = new TempDirectory();
        for (int i = 0; i < 40; i++)
        {
            tree.Write($"src/m{i}.js", $"import {{ v }} from './m{(i + 1) % 40}.js';\nexport const value{i} = {i};\nexport {{ v }};\n" + new string('/', 2000) + "\n");
        }

        var first = Cli("scan", tree.Path, "--json", "--cache-dir", _folder.Path, "--max-cache-size", "5KB");
        Assert.True(new LocalCacheFolder(_folder.Path).Measure().TotalBytes <= 5_000);
        var second = Cli("scan", tree.Path, "--json", "--cache-dir", _folder.Path, "--max-cache-size", "5KB");
        Assert.Equal(Modules(first.Output), Modules(second.Output));

        static string Modules(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("modules").GetRawText();
        }
    }

    public void Dispose() => _folder.Dispose();

    private string Blob(int n, long bytes, DateTime lastUse)
    {
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n)));
        return Entry($"{hash[..2]}/{hash}.bmes", bytes, lastUse);
    }

    private string Entry(string relative, long bytes, DateTime lastUse)
    {
        string path = Path.Combine(_folder.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, lastUse);
        return path;
    }

    private static (string Output, string Errors) Cli(params string[] args)
    {
        var run = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", RepoPaths.Cli, .. args], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode is 0, $"esmcache {string.Join(' ', args)} exited {run.ExitCode}: {run.Errors}");
        return (run.Output, run.Errors);
    }
}
