namespace EsmCacheCluster.Format;

/// <summary>
/// A content-addressed folder of BMES blobs: <c>root/ab/abcdef….bmes</c> (named by <see cref="CacheKey"/>: a
/// transformed module's file name carries its variant, <c>abcdef….tsx+react-jsx+react.bmes</c>), sharded by the first two hex digits so
/// no directory grows past a few thousand entries. Writes are atomic (temp file + rename), so a reader sees a
/// whole blob or none, and a crashed writer leaves at most a stray temp file.
/// </summary>
/// <remarks>Shared by the silo's local-folder grain storage and the client's local cache, which can be one folder.</remarks>
public sealed class BmesDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    // Shard folders known to exist: saves a mkdir per write.
    private readonly bool[] _shardExists = new bool[256];

    /// <summary>The user's cache folder: <c>$XDG_CACHE_HOME/esmcache</c>, else <c>~/.cache/esmcache</c>.</summary>
    public static string DefaultRoot() => DefaultRoot(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));

    /// <summary>The user's cache folder for the given <c>XDG_CACHE_HOME</c> (null: unset).</summary>
    public static string DefaultRoot(string? xdg)
    {
        string baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "esmcache");
    }

    public string PathOf(CacheKey key)
    {
        string name = key.ToString();
        return Path.Combine(Root, name[..2], name + ".bmes");
    }

    /// <summary>The stored bytes, or null when absent. Files above the BMES size limit are refused unread.</summary>
    public byte[]? TryRead(CacheKey key)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            // Misses are common (every new module): a stat is cheaper than a failed open and its exception.
            return null;
        }

        try
        {
            // A raw handle and positional reads: the fewest system calls for a small whole-file read.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = RandomAccess.GetLength(handle);
            if (length > Bmes.MaxBlobSize)
            {
                throw new BmesFormatException($"file {path} is {length} bytes, above the {Bmes.MaxBlobSize}-byte limit", 0);
            }

            var bytes = new byte[length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0)
                {
                    // Truncated while we read (a concurrent writer renames whole files, so this is outside damage).
                    return bytes[..read];
                }

                read += n;
            }

            CacheUse.MarkRead(handle);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Write(CacheKey key, ReadOnlySpan<byte> blob)
    {
        string path = PathOf(key);
        int shard = key.Hash.FirstByte;
        if (!_shardExists[shard])
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _shardExists[shard] = true;
        }

        try
        {
            AtomicFile.Write(path, blob, createDirectory: false);
        }
        catch (DirectoryNotFoundException)
        {
            // The shard folder was removed behind our back (a cache clean-up): make it again.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, blob, createDirectory: false);
        }
    }

    public bool Delete(CacheKey key)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
