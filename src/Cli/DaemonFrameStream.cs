namespace EsmCacheCluster.Cli;

/// <summary>What the daemon writes for a client: bytes written become frames of one kind (stdout or stderr), buffered up to 64 KiB.</summary>
internal sealed class DaemonFrameStream(Stream connection, byte kind) : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        if (_pending.Length >= 64 * 1024)
        {
            Flush();
        }
    }

    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            DaemonProtocol.WriteFrame(connection, kind, _pending.GetBuffer().AsSpan(0, (int)_pending.Length));
            _pending.SetLength(0);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
