using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// Reads a module file without ever blocking on something that is not a regular file. A FIFO named like a module
/// blocks a plain <c>open()</c> until a writer appears, which may be never; a thread stuck there cannot be
/// cancelled. On Unix the file is therefore opened non-blocking and refused unless it is seekable (a regular file
/// or a device); reads are bounded by the size limit, so a device that never ends (<c>/dev/zero</c>) is reported too.
/// </summary>
public static partial class SourceFileReader
{
    /// <summary>The file's bytes; an <see cref="IOException"/> names what is wrong when it is not a usable file.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = OpenForReading(path);
        if (!stream.CanSeek)
        {
            throw new IOException("not a regular file (a pipe or a socket)");
        }

        long length = stream.Length;
        if (length > maxBytes)
        {
            throw new IOException($"{length} bytes, above the {maxBytes}-byte limit");
        }

        // The length is a hint (a file may grow while read, a device reports 0): read to the end, up to the limit.
        var buffer = new byte[length > 0 ? length : 4096];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    throw new IOException($"more than {maxBytes} bytes, above the limit");
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled == buffer.Length ? buffer : buffer[..filled];
    }

    private static FileStream OpenForReading(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }

        int flags = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? 0x0004 | 0x0100_0000 // O_RDONLY | O_NONBLOCK | O_CLOEXEC (BSD values)
            : 0x0800 | 0x0008_0000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC (Linux values)
        int fd = Open(path, flags);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string reason = Marshal.GetPInvokeErrorMessage(errno);
            throw errno is 1 or 13 // EPERM, EACCES
                ? new UnauthorizedAccessException($"access to '{path}' is denied: {reason}")
                : new IOException($"cannot open: {reason}");
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    // Called without the optional mode argument: it is only read with O_CREAT.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
