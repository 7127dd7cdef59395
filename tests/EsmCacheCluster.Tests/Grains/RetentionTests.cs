using EsmCacheCluster.Format;
using EsmCacheCluster.Grains;

namespace EsmCacheCluster.Tests.Grains;

/// <summary>
/// Retention's choice and the local folder's sweep: past MaxBytes exactly the most recently read blobs stay, blobs
/// unread for MaxAge go, and nothing written or read within MinAge (a module being generated) is ever deleted.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    [Fact]
    public void Over_the_cap_the_least_recently_read_go_until_it_fits()
    {
        var blobs = Enumerable.Range(0, 10).Select(i => Blob($"b{i}", 100, Now.AddDays(-i))).ToList();
        var chosen = RetentionSweep.Choose(blobs, new RetentionOptions { MaxBytes = 450 }, Now);
        Assert.Equal(["b9", "b8", "b7", "b6", "b5", "b4"], chosen.Select(b => b.Name));
    }

    [Fact]
    public void Blobs_unread_for_max_age_go_and_recent_ones_never_do()
    {
        var blobs = new List<StoredBlob>
        {
            Blob("old", 10, Now.AddDays(-31)),
            Blob("kept", 10, Now.AddDays(-29)),
            Blob("just-written", 1_000_000, Now.AddMinutes(-5)),
            Blob("read-long-ago-rewritten-now", 10, Now.AddDays(-90)) with { LastChanged = Now.AddMinutes(-1) },
        };
        var chosen = RetentionSweep.Choose(blobs, new RetentionOptions { MaxAge = TimeSpan.FromDays(30), MaxBytes = 100 }, Now);
        // Over the cap, but the big blob is minutes old: it stays; so does the one rewritten a minute ago.
        Assert.Equal(["old", "kept"], chosen.Select(b => b.Name));
    }

    [Fact]
    public async Task The_local_folder_keeps_exactly_the_most_recently_read_blobs_under_the_cap()
    {
        var directory = new BmesDirectory(_folder.Path);
        var paths = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            var key = (CacheKey)ContentHash.Compute(BitConverter.GetBytes(i));
            directory.Write(key, new byte[1000]);
            File.SetLastWriteTimeUtc(directory.PathOf(key), Now.UtcDateTime.AddHours(-2 - i)); // blob i last read i hours earlier than blob 0
            paths.Add(directory.PathOf(key));
        }

        File.WriteAllText(Path.Combine(_folder.Path, "not-a-blob.txt"), new string('x', 50_000));
        var catalog = new LocalFolderBlobCatalog(_folder.Path);
        var swept = await RetentionSweep.RunAsync(catalog, new RetentionOptions { MaxBytes = 7_500 }, Now, CancellationToken.None);

        Assert.Equal((20, 20_000L, 13, 13_000L), swept);
        Assert.Equal(paths[..7], paths.Where(File.Exists));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "not-a-blob.txt")));
    }

    [Fact]
    public async Task A_blob_rewritten_after_the_listing_is_not_deleted()
    {
        var directory = new BmesDirectory(_folder.Path);
        var key = (CacheKey)ContentHash.Compute("a"u8);
        directory.Write(key, new byte[10]);
        File.SetLastWriteTimeUtc(directory.PathOf(key), Now.UtcDateTime.AddDays(-60));
        var catalog = new LocalFolderBlobCatalog(_folder.Path);
        var listed = new List<StoredBlob>();
        await foreach (var blob in catalog.ListAsync(CancellationToken.None))
        {
            listed.Add(blob);
        }

        directory.Write(key, new byte[20]); // the module's grain stores it again meanwhile
        Assert.False(await catalog.DeleteAsync(listed.Single(), CancellationToken.None));
        Assert.True(File.Exists(directory.PathOf(key)));
    }

    [Fact]
    public async Task Node_compile_cache_entries_age_out_like_blobs()
    {
        var directory = new BmesDirectory(_folder.Path);
        var key = (CacheKey)ContentHash.Compute("b"u8);
        directory.Write(key, new byte[10]);
        string entries = Path.Combine(_folder.Path, "node", "v24.22.3-x64-964aae3f", "commonjs");
        Directory.CreateDirectory(entries);
        string old = Path.Combine(entries, new string('a', 64) + ".entry"), recent = Path.Combine(entries, new string('b', 64) + ".entry");
        File.WriteAllBytes(old, new byte[30]);
        File.WriteAllBytes(recent, new byte[30]);
        File.SetLastWriteTimeUtc(old, Now.UtcDateTime.AddDays(-60));
        File.SetLastWriteTimeUtc(recent, Now.UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(directory.PathOf(key), Now.UtcDateTime.AddDays(-2));

        var swept = await RetentionSweep.RunAsync(new LocalFolderBlobCatalog(_folder.Path), new RetentionOptions { MaxAge = TimeSpan.FromDays(30) }, Now, CancellationToken.None);

        Assert.Equal((3, 70L, 1, 30L), swept);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(directory.PathOf(key)));
    }

    public void Dispose() => _folder.Dispose();

    private static StoredBlob Blob(string name, long bytes, DateTimeOffset lastRead) => new(name, bytes, lastRead, lastRead, "v");
}
