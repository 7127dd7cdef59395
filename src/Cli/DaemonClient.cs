using System.Buffers.Binary;
using System.Net.Sockets;

namespace EsmCacheCluster.Cli;

/// <summary>
/// The client side of <c>esmcache daemon</c>: a command the daemon serves goes to it when its socket answers, before
/// this process parses anything itself. No daemon, a stale socket or <c>ESMCACHE_DAEMON=off</c>: the command runs
/// here as usual.
/// </summary>
internal static class DaemonClient
{
    // A JSON scan of a large tree is megabytes; a frame larger than this is not the daemon's.
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>The command's exit code when the daemon answered it; null when it must run here.</summary>
    public static int? TryForward(string[] args, CommandContext context)
    {
        if (!DaemonProtocol.Serves(args) || context.Variable("ESMCACHE_DAEMON") == "off" || OperatingSystem.IsWindows())
        {
            return null;
        }

        string cacheDirectory;
        string socketPath;
        try
        {
            cacheDirectory = CacheFolder.Resolve(ValueOf(args, "--cache-dir"), context);
            socketPath = DaemonProtocol.SocketPath(cacheDirectory);
            if (!File.Exists(socketPath))
            {
                return null;
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException)
        {
            return null; // a bad --cache-dir: the command itself reports it
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException)
        {
            return null; // a socket file no daemon listens on (it was killed)
        }

        using var stream = new NetworkStream(socket, ownsSocket: false);
        // Every esmcache setting of this process travels with the request (the daemon's own are not the caller's):
        // the cluster and its identity, TLS files, the cache cap, diagnostics.
        var environment = DaemonSettings.Of(context.Environment);
        environment["ESMCACHE_CACHE_DIR"] = cacheDirectory;

        bool answered = false;
        try
        {
            var request = new DaemonRequest(args, context.WorkingDirectory, environment);
            DaemonProtocol.WriteFrame(stream, 0, request.Encode());
            // The answer's bytes as they come, to this process's own streams.
            using var stdout = Console.OpenStandardOutput();
            using var stderr = Console.OpenStandardError();
            while (DaemonProtocol.ReadFrame(stream, MaxFrameBytes) is { } frame)
            {
                switch (frame.Kind)
                {
                    case DaemonProtocol.Stdout:
                        answered = true;
                        stdout.Write(frame.Payload);
                        break;
                    case DaemonProtocol.Stderr:
                        answered = true;
                        stderr.Write(frame.Payload);
                        break;
                    case DaemonProtocol.Exit when frame.Payload.Length == 4:
                        return BinaryPrimitives.ReadInt32LittleEndian(frame.Payload);
                    default:
                        throw new IOException($"unknown frame kind {frame.Kind}");
                }
            }
        }
        catch (IOException) when (!answered)
        {
            return null; // it went away before saying anything: do the work here
        }
        catch (IOException e)
        {
            context.Error.WriteLine($"esmcache: the daemon stopped while answering ({e.Message}); run the command again, or set ESMCACHE_DAEMON=off");
            return ExitCodes.InputError;
        }

        if (!answered)
        {
            return null;
        }

        context.Error.WriteLine("esmcache: the daemon stopped while answering; run the command again, or set ESMCACHE_DAEMON=off");
        return ExitCodes.InputError;
    }

    private static string? ValueOf(string[] args, string option)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == option && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
            {
                return args[i][(option.Length + 1)..];
            }
        }

        return null;
    }
}
