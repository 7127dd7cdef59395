namespace EsmCacheCluster.Cli;

/// <summary>
/// Where a command's standard output goes: the process's own, or, for a command the daemon runs for a client, the
/// client's (Console.Out and Console.Error are redirected too). Commands write bytes through
/// <see cref="OpenStandardOutput"/> instead of <see cref="Console.OpenStandardOutput()"/>.
/// </summary>
internal static class CliOutput
{
    private static Stream? s_redirected;

    /// <summary>True inside the daemon: nothing is interactive, so no progress is drawn.</summary>
    public static bool InDaemon { get; set; }

    public static Stream OpenStandardOutput() => s_redirected is { } redirected ? new KeptOpen(redirected) : Console.OpenStandardOutput();

    /// <summary>Sends this command's output (and Console.Out/Error) to a client until the returned scope ends.</summary>
    public static IDisposable RedirectTo(Stream stdout, TextWriter stdoutText, TextWriter stderrText)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        s_redirected = stdout;
        Console.SetOut(stdoutText);
        Console.SetError(stderrText);
        return new Restore(() =>
        {
            s_redirected = null;
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>The client's stream outlives each writer a command opens and disposes on it.</summary>
    private sealed class KeptOpen(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            inner.Flush();
            base.Dispose(disposing);
        }
    }
}
