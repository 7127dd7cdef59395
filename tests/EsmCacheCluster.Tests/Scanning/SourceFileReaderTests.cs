using System.Runtime.InteropServices;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>Reading module files never blocks a thread on something that is not a regular file.</summary>
public sealed partial class SourceFileReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_fifo_is_refused_at_once_and_no_thread_is_left_waiting_on_it()
    {
        string fifo = Path.Combine(_dir.Path, "pipe.js");
        Assert.Equal(0, ChildProcess.Run("mkfifo", [fifo], TimeSpan.FromSeconds(10)).ExitCode);

        var read = Task.Run(() => SourceFileReader.ReadAllBytes(fifo, 1024));
        var error = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("not a regular file", error.Message);

        // A non-blocking open for writing fails with ENXIO exactly when no reader has the FIFO open: so no thread
        // of ours is still inside open() or read() on it.
        int fd = Open(fifo, 0x0001 | 0x0800); // O_WRONLY | O_NONBLOCK
        if (fd >= 0)
        {
            _ = Close(fd);
        }

        Assert.True(fd < 0, "a reader still holds the FIFO open");
        Assert.Equal(6, Marshal.GetLastPInvokeError()); // ENXIO
    }

    [Fact]
    public void Regular_files_are_read_whole_and_the_size_limit_is_enforced_while_reading()
    {
        string file = Path.Combine(_dir.Path, "a.js");
        var content = new byte[10_000];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(file, content);
        Assert.Equal(content, SourceFileReader.ReadAllBytes(file, 10_000));
        Assert.Contains("above the 9999-byte limit", Assert.Throws<IOException>(() => SourceFileReader.ReadAllBytes(file, 9_999)).Message);

        // A device reports a length of 0 and never ends: the limit stops the read.
        Assert.Contains("above the limit", Assert.Throws<IOException>(() => SourceFileReader.ReadAllBytes("/dev/zero", 100_000)).Message);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public void Dispose() => _dir.Dispose();
}
