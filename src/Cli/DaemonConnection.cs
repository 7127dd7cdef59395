namespace EsmCacheCluster.Cli;

/// <summary>
/// The daemon's side of one client's connection, shared by its stdout and stderr: frames are written whole (a warning
/// from another thread never lands inside an output frame), and once a write fails (the client went away, or left
/// its answer unread past the send timeout) every later one fails at once instead of waiting out the timeout again.
/// </summary>
internal sealed class DaemonConnection(Stream stream)
{
    private readonly Lock _gate = new();
    private IOException? _broken;

    public void WriteFrame(byte kind, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_broken is not null)
            {
                throw new IOException("the client stopped reading its answer", _broken);
            }

            try
            {
                DaemonProtocol.WriteFrame(stream, kind, payload);
            }
            catch (IOException e)
            {
                _broken = e;
                throw;
            }
        }
    }

    public void WriteExit(int exitCode)
    {
        Span<byte> code = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(code, exitCode);
        WriteFrame(DaemonProtocol.Exit, code);
    }
}
