namespace EsmCacheCluster.Client.Scanning;

/// <summary>
/// Reads a module file without risking a hang: a FIFO or device named like a module reports a length of 0 and
/// blocks the reader until something writes to it. Empty-looking files are read with a deadline, so such a path
/// is reported instead of stopping the scan.
/// </summary>
public static class SourceFileReader
{
    public static byte[] ReadAllBytes(string path, long length, TimeSpan timeout)
    {
        if (length > 0)
        {
            return File.ReadAllBytes(path);
        }

        // Its own thread: a read that never returns must not hold one of the thread pool's.
        var read = Task.Factory.StartNew(() => File.ReadAllBytes(path), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!read.Wait(timeout))
        {
            throw new IOException($"no data within {timeout.TotalSeconds:0.#} s: not a regular file (a pipe or a device?)");
        }

        return read.GetAwaiter().GetResult();
    }
}
