namespace EsmCacheCluster.Format;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a part: a temp file
/// beside it, then a rename. No fsync: after a power cut a blob may be torn, and every reader validates anyway.
/// </summary>
public static class AtomicFile
{
    /// <param name="path">The file to write.</param>
    /// <param name="content">Its whole new content.</param>
    /// <param name="createDirectory">Whether to create the file's folder first.</param>
    /// <param name="unixMode">The file's permissions from its creation on (the temp file has them before it has content); null: the umask's.</param>
    public static void Write(string path, ReadOnlySpan<byte> content, bool createDirectory = true, UnixFileMode? unixMode = null)
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
            if (unixMode is { } mode && !OperatingSystem.IsWindows())
            {
                using var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0, UnixCreateMode = mode });
                stream.Write(content);
            }
            else
            {
                using var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
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
