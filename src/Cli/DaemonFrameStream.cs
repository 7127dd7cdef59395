namespace EsmCacheCluster.Cli;

/// <summary>What the daemon writes for a client: bytes written become frames of one kind (stdout or stderr), buffered up to 64 KiB.</summary>
internal sealed class DaemonFrameStream(DaemonConnection connection, byte kind) : Stream
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            _pending.Write(buffer);
            if (_pending.Length >= 64 * 1024)
            {
                FlushPending();
            }
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            FlushPending();
        }
    }

    private void FlushPending()
    {
        if (_pending.Length > 0)
        {
            try
            {
                connection.WriteFrame(kind, _pending.GetBuffer().AsSpan(0, (int)_pending.Length));
            }
            finally
            {
                _pending.SetLength(0);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
