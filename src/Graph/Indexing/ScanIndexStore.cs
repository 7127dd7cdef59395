using System.Security.Cryptography;
using System.Text;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// Where scan indexes live: one file per root and settings in a folder of the local cache (<c>index/</c>), written
/// whole to a temporary file and renamed over the old one, so a reader sees the old index or the new one and a
/// scan killed mid-write leaves only a temporary file (removed by a later write). Concurrent scans of a root each
/// write a complete index; the last rename wins.
/// </summary>
/// <param name="directory">The index folder.</param>
/// <param name="parsed">
/// Where a long-lived process (the daemon) keeps indexes parsed: a later load whose file has the same stat (no scan,
/// in this process or another, replaced it) reuses the parsed index and the records it decoded. Null: read each time.
/// </param>
public sealed class ScanIndexStore(string directory, ParsedScanIndexes? parsed = null)
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    public string Directory { get; } = Path.GetFullPath(directory);

    public string PathFor(string settings) =>
        Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))[..32] + ".esmi");

    /// <summary>The index for <paramref name="settings"/>; null when there is none, or (with <paramref name="problem"/> saying why) when it is unusable.</summary>
    public ScanIndex? Load(string settings, out string? problem)
    {
        problem = null;
        string path = PathFor(settings);
        // Taken before reading, as for sources: a file replaced after this stat shows as another stat next time.
        var stat = parsed is not null ? FileStat.Of(path) : FileStat.Missing;
        if (stat.Kind == FileKind.File && parsed!.TryGet(path, stat) is { } kept)
        {
            kept.ForgetChecks();
            if (DateTime.UtcNow - DateTime.UnixEpoch.AddTicks(stat.ModifiedNs / 100) >= CacheUse.Resolution)
            {
                CacheUse.MarkRead(path); // its last use, for pruning; the next load parses it once more
            }

            return kept;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"index {path} unreadable ({e.Message}): scanning without it";
            return null;
        }

        try
        {
            var index = ScanIndex.Parse(bytes);
            if (index.Settings != settings)
            {
                problem = $"index {path} belongs to other settings: scanning without it";
                return null;
            }

            if (stat.Kind == FileKind.File)
            {
                parsed!.Keep(path, stat, index);
            }

            CacheUse.MarkRead(path);
            return index;
        }
        catch (InvalidDataException e)
        {
            problem = $"index {path} unusable ({e.Message}): scanning without it, and replacing it";
            return null;
        }
    }

    public void Save(string settings, ReadOnlySpan<byte> index)
    {
        string path = PathFor(settings);
        AtomicFile.Write(path, index);
        RemoveAbandonedTemporaryFiles();
    }

    // A scan killed while writing leaves its temporary file; one that old is no concurrent scan's.
    private void RemoveAbandonedTemporaryFiles()
    {
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.tmp"))
        {
            try
            {
                if (DateTime.UtcNow - file.LastWriteTimeUtc > AbandonedAfter)
                {
                    file.Delete();
                }
            }
            catch (IOException)
            {
                // Gone already, or in use: a later write tries again.
            }
        }
    }
}
