namespace EsmCacheCluster.Format;

/// <summary>
/// A content-addressed folder of BMES blobs: <c>root/ab/abcdef….bmes</c>, sharded by the first two hex digits so
/// no directory grows past a few thousand entries. Writes are atomic (temp file + rename), so a reader sees a
/// whole blob or none, and a crashed writer leaves at most a stray temp file.
/// </summary>
/// <remarks>Shared by the silo's local-folder grain storage and the client's local cache, which can be one folder.</remarks>
public sealed class BmesDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The user's cache folder: <c>$XDG_CACHE_HOME/esmcache</c>, else <c>~/.cache/esmcache</c>.</summary>
    public static string DefaultRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "esmcache");
    }

    public string PathOf(ContentHash hash)
    {
        string hex = hash.ToString();
        return Path.Combine(Root, hex[..2], hex + ".bmes");
    }

    /// <summary>The stored bytes, or null when absent. Files above the BMES size limit are refused unread.</summary>
    public byte[]? TryRead(ContentHash hash)
    {
        string path = PathOf(hash);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > Bmes.MaxBlobSize)
            {
                throw new BmesFormatException($"file {path} is {length} bytes, above the {Bmes.MaxBlobSize}-byte limit", 0);
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Write(ContentHash hash, ReadOnlySpan<byte> blob) => AtomicFile.Write(PathOf(hash), blob);

    public bool Delete(ContentHash hash)
    {
        string path = PathOf(hash);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
