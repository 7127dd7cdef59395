namespace EsmCacheCluster.Format;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a part: a temp file
/// beside it, then a rename. No fsync: after a power cut a blob may be torn, and every reader validates anyway.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool createDirectory = true)
    {
        if (createDirectory)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            // A raw handle, no preallocation and no advisory lock (the temp name is unique): FileStream's buffering,
            // fallocate and flock cost more than the write itself for small blobs.
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            {
                RandomAccess.Write(handle, content, 0);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
