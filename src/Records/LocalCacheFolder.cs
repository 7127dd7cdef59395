using System.Buffers.Binary;
using System.IO.Enumeration;
using System.IO.Hashing;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Records;

/// <summary>
/// A client's cache folder as a whole: BMES blobs (<c>*.bmes</c> in shard folders), scan indexes
/// (<c>index/*.esmi</c>) and what interrupted writes left (<c>*.tmp</c>). An entry's modification time is its last
/// use: written when it is made and moved forward when it is read, at most once a day (<see cref="CacheUse"/>), so a
/// warm read costs no write. Pruning deletes the least recently used entries first;
/// another process reading a pruned entry only misses it and makes it again.
/// </summary>
public sealed class LocalCacheFolder(string root)
{
    /// <summary>The cap when none is given (sccache's local default is 10 GB; ours holds records and bytecode only).</summary>
    public const long DefaultMaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>A temporary file older than this belongs to no write in progress.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>What the folder holds now.</summary>
    public LocalCacheUsage Measure()
    {
        int blobs = 0, indexes = 0, nodeEntries = 0, leftovers = 0;
        long blobBytes = 0, indexBytes = 0, nodeEntryBytes = 0, leftoverBytes = 0;
        DateTime? oldest = null, newest = null;
        foreach (var entry in Entries())
        {
            switch (entry.Kind)
            {
                case CacheEntryKind.Blob:
                    blobs++;
                    blobBytes += entry.Bytes;
                    break;
                case CacheEntryKind.Index:
                    indexes++;
                    indexBytes += entry.Bytes;
                    break;
                case CacheEntryKind.NodeEntry:
                    nodeEntries++;
                    nodeEntryBytes += entry.Bytes;
                    break;
                default:
                    leftovers++;
                    leftoverBytes += entry.Bytes;
                    break;
            }

            oldest = oldest is { } o && o <= entry.LastUse ? o : entry.LastUse;
            newest = newest is { } n && n >= entry.LastUse ? n : entry.LastUse;
        }

        return new LocalCacheUsage(blobs, blobBytes, indexes, indexBytes, leftovers, leftoverBytes, oldest, newest, nodeEntries, nodeEntryBytes);
    }

    /// <summary>
    /// Deletes entries not used for <paramref name="maxAge"/>, then the least recently used until the folder holds at
    /// most <paramref name="maxBytes"/>, and leftovers of interrupted writes. Entries that vanish meanwhile (another
    /// process pruning) are skipped.
    /// </summary>
    public PruneResult Prune(long maxBytes, TimeSpan? maxAge = null, DateTime? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var current = now ?? DateTime.UtcNow;
        var entries = Entries();
        // Oldest use first; among equals, larger first (fewer deletions for the same room), then by path for a stable order.
        entries.Sort((a, b) => a.LastUse != b.LastUse ? a.LastUse.CompareTo(b.LastUse)
            : a.Bytes != b.Bytes ? b.Bytes.CompareTo(a.Bytes) : string.CompareOrdinal(a.Path, b.Path));
        long total = 0;
        foreach (var entry in entries)
        {
            total += entry.Bytes;
        }

        var result = new PruneResult();
        foreach (var entry in entries)
        {
            bool leftover = entry.Kind == CacheEntryKind.Leftover;
            bool tooOld = maxAge is { } age && current - entry.LastUse > age;
            if (leftover ? current - entry.LastUse <= LeftoverAge : !tooOld && total <= maxBytes)
            {
                continue; // a write in progress, or an entry that fits
            }

            if (TryDelete(entry.Path))
            {
                result = result with { Deleted = result.Deleted + 1, DeletedBytes = result.DeletedBytes + entry.Bytes };
            }

            total -= entry.Bytes;
        }

        WriteUsage(Path.Combine(Root, UsageFileName), total, current);
        return result with { RemainingBytes = total };
    }

    /// <summary>The file that remembers how big the folder can be at most, so a run that adds little lists nothing.</summary>
    public const string UsageFileName = "usage";

    /// <summary>Where Node compile cache entries are kept by content (<c>esmcache node-cache</c>), below the root.</summary>
    public const string NodeEntriesFolder = "node/entries";

    /// <summary>How long a bound kept in <see cref="UsageFileName"/> is trusted before the folder is listed again.</summary>
    public static readonly TimeSpan UsageTrustedFor = TimeSpan.FromDays(1);

    /// <summary>
    /// Keeps the folder under <paramref name="maxBytes"/> after a process added <paramref name="addedBytes"/> to it,
    /// without listing a folder of many thousand files after every run (a one-file edit would pay more for the
    /// listing than for its analysis). The total the last prune left, plus what every process added since, bounds
    /// the folder's size from above: writes add or replace, deletes only shrink. While that bound fits the cap and
    /// the last listing is less than <see cref="UsageTrustedFor"/> old, only the bound is updated; otherwise the
    /// folder is pruned. Two processes updating the bound at once may lose one's addition until the next listing.
    /// </summary>
    /// <returns>What the prune did, or null when none was needed.</returns>
    public PruneResult? KeepUnder(long maxBytes, long addedBytes, DateTime? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(addedBytes);
        var current = now ?? DateTime.UtcNow;
        string path = Path.Combine(Root, UsageFileName);
        if (ReadUsage(path) is { } usage && current >= usage.ListedAt && current - usage.ListedAt < UsageTrustedFor
            && usage.Bound + addedBytes <= maxBytes)
        {
            WriteUsage(path, usage.Bound + addedBytes, usage.ListedAt);
            return null;
        }

        return Prune(maxBytes, now: current);
    }

    // 24 bytes: the bound, when the folder was last listed (UTC ticks), and a check of both. Written in place (no
    // temporary file: one small write, and a torn or foreign file only fails the check and costs one listing).
    private static (long Bound, DateTime ListedAt)? ReadUsage(string path)
    {
        Span<byte> bytes = stackalloc byte[24];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (RandomAccess.GetLength(handle) != bytes.Length || RandomAccess.Read(handle, bytes, 0) != bytes.Length)
            {
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        long bound = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        long ticks = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]) == XxHash3.HashToUInt64(bytes[..16])
            && bound >= 0 && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? (bound, new DateTime(ticks, DateTimeKind.Utc))
            : null;
    }

    private static void WriteUsage(string path, long bound, DateTime listedAt)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, bound);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], listedAt.Ticks);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], XxHash3.HashToUInt64(bytes[..16]));
        try
        {
            using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.Write(handle, bytes, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No folder (nothing to bound), or an unwritable one: the next run lists the folder.
        }
    }

    /// <summary>Deletes every blob, index and leftover (not the daemon's socket or anything else in the folder).</summary>
    public PruneResult Clear()
    {
        var result = new PruneResult();
        foreach (var entry in Entries())
        {
            if (TryDelete(entry.Path))
            {
                result = result with { Deleted = result.Deleted + 1, DeletedBytes = result.DeletedBytes + entry.Bytes };
            }
        }

        return result;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private List<CacheEntry> Entries()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 1 };
        var entries = new FileSystemEnumerable<CacheEntry>(Root,
            (ref FileSystemEntry entry) => new CacheEntry(entry.ToFullPath(), KindOf(entry.FileName), entry.Length, entry.LastWriteTimeUtc.UtcDateTime),
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && KindOf(entry.FileName) != CacheEntryKind.Other,
        }.ToList();

        // Node compile cache entries kept by content: node/entries/{runtime}/{sha256}.{compiled as}.
        string nodeEntries = Path.Combine(Root, NodeEntriesFolder);
        if (Directory.Exists(nodeEntries))
        {
            entries.AddRange(new FileSystemEnumerable<CacheEntry>(nodeEntries,
                (ref FileSystemEntry entry) => new CacheEntry(entry.ToFullPath(),
                    entry.FileName.EndsWith(".tmp", StringComparison.Ordinal) ? CacheEntryKind.Leftover : CacheEntryKind.NodeEntry, entry.Length, entry.LastWriteTimeUtc.UtcDateTime),
                options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
            });
        }

        return entries;
    }

    private static CacheEntryKind KindOf(ReadOnlySpan<char> name) =>
        name.EndsWith(".bmes", StringComparison.Ordinal) ? CacheEntryKind.Blob
        : name.EndsWith(".esmi", StringComparison.Ordinal) ? CacheEntryKind.Index
        : name.EndsWith(".tmp", StringComparison.Ordinal) ? CacheEntryKind.Leftover
        : CacheEntryKind.Other;

    private readonly record struct CacheEntry(string Path, CacheEntryKind Kind, long Bytes, DateTime LastUse);
}

/// <summary>What a cache folder entry is.</summary>
public enum CacheEntryKind
{
    Other,
    Blob,
    Index,
    Leftover,
    NodeEntry,
}

/// <summary>What a cache folder holds: counts and bytes per kind, and the oldest and newest last use.</summary>
public readonly record struct LocalCacheUsage(int Blobs, long BlobBytes, int Indexes, long IndexBytes, int Leftovers, long LeftoverBytes, DateTime? OldestUse, DateTime? NewestUse,
    int NodeEntries = 0, long NodeEntryBytes = 0)
{
    public long TotalBytes => BlobBytes + IndexBytes + LeftoverBytes + NodeEntryBytes;
}

/// <summary>What a prune or clear did.</summary>
public readonly record struct PruneResult(int Deleted, long DeletedBytes, long RemainingBytes);
