using Microsoft.Win32.SafeHandles;

namespace EsmCacheCluster.Format;

/// <summary>
/// Last-use times of cache files, kept in their modification time and moved forward by a read at most once per
/// <see cref="Resolution"/>: least-recently-used pruning needs no more, and a warm read then costs no write.
/// </summary>
public static class CacheUse
{
    /// <summary>How coarse last-use times are.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromDays(1);

    /// <summary>Records a read of the open file <paramref name="handle"/>; best effort (a read-only folder is used as it is).</summary>
    public static void MarkRead(SafeFileHandle handle)
    {
        try
        {
            var now = DateTime.UtcNow;
            if (now - File.GetLastWriteTimeUtc(handle) >= Resolution)
            {
                File.SetLastWriteTimeUtc(handle, now);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not ours to change: the file just looks older than it is.
        }
    }

    /// <summary>Records a read of the file at <paramref name="path"/>; best effort.</summary>
    public static void MarkRead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            MarkRead(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile: nothing to mark.
        }
    }
}
