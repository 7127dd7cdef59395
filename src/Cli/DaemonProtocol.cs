using System.Buffers.Binary;
using System.Text;

namespace EsmCacheCluster.Cli;

/// <summary>
/// What a client and the daemon say over the daemon's Unix socket: one request frame (the command line, the
/// client's working folder and its ESMCACHE_* settings, as counted UTF-8 strings: no serializer for the client to
/// load), then frames back: stdout bytes, stderr bytes, and last the exit code. A frame is a kind byte, a 32-bit
/// length and the payload.
/// </summary>
internal static class DaemonProtocol
{
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Exit = 3;

    /// <summary>Requests are small; a longer one is not a client's.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>The socket of the daemon serving <paramref name="cacheDirectory"/>.</summary>
    public static string SocketPath(string cacheDirectory) => Path.Combine(cacheDirectory, "daemon.sock");

    /// <summary>The commands the daemon answers: those that only read the tree and print (scan only with --json).</summary>
    public static bool Serves(string[] args) =>
        args.Length > 0 && args[0] is "affected" or "deps" or "dependents" or "cycles" or "scan"
        && (args[0] != "scan" || args.Contains("--json"))
        && !args.Contains("--no-cache") && !args.Contains("--help") && !args.Contains("-h") && !args.Contains("-?");

    public static void WriteFrame(Stream stream, byte kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Reads one frame; null at a clean end of stream.</summary>
    public static (byte Kind, byte[] Payload)? ReadFrame(Stream stream, int maxBytes)
    {
        Span<byte> header = stackalloc byte[5];
        int read = 0;
        while (read < header.Length)
        {
            int n = stream.Read(header[read..]);
            if (n == 0)
            {
                return read == 0 ? null : throw new IOException("the connection ended inside a frame");
            }

            read += n;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (length < 0 || length > maxBytes)
        {
            throw new IOException($"a frame of {length} bytes (at most {maxBytes})");
        }

        var payload = new byte[length];
        stream.ReadExactly(payload);
        return (header[0], payload);
    }
}

/// <summary>One command line the daemon runs for a client.</summary>
/// <summary>esmcache's own settings: the environment variables that travel with a request and apply to it alone.</summary>
internal static class DaemonSettings
{
    public const string Prefix = "ESMCACHE_";

    /// <summary>The ESMCACHE_* variables of <paramref name="environment"/>.</summary>
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in environment)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    /// <summary>
    /// A request's environment in the daemon: the caller's ESMCACHE_* variables, and none of the daemon's; the rest
    /// (HOME, XDG_*) is the daemon's, which runs as the same user (its socket admits no other).
    /// </summary>
    public static Dictionary<string, string> ForRequest(IReadOnlyDictionary<string, string> daemon, IReadOnlyDictionary<string, string> caller)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in daemon)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                environment[key] = value;
            }
        }

        foreach (var (key, value) in caller)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}

internal sealed record DaemonRequest(string[] Args, string WorkingDirectory, Dictionary<string, string> Environment)
{
    private const int MaxStrings = 4096;

    public byte[] Encode()
    {
        var strings = new List<string> { WorkingDirectory, Args.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        strings.AddRange(Args);
        foreach (var (key, value) in Environment)
        {
            strings.Add(key);
            strings.Add(value);
        }

        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var text in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; an <see cref="IOException"/> says what is wrong with anything else.</summary>
    public static DaemonRequest Decode(ReadOnlySpan<byte> payload)
    {
        var strings = new List<string>();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        while (payload.Length > 0)
        {
            int length = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
            if (length < 0 || length > payload.Length - 4 || strings.Count >= MaxStrings)
            {
                throw new IOException("a malformed request");
            }

            try
            {
                strings.Add(strict.GetString(payload.Slice(4, length)));
            }
            catch (DecoderFallbackException)
            {
                throw new IOException("a request that is not UTF-8");
            }

            payload = payload[(4 + length)..];
        }

        if (strings.Count < 2 || !int.TryParse(strings[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count)
            || count > strings.Count - 2 || (strings.Count - 2 - count) % 2 != 0)
        {
            throw new IOException("a malformed request");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 2 + count; i < strings.Count; i += 2)
        {
            environment[strings[i]] = strings[i + 1];
        }

        return new DaemonRequest([.. strings.GetRange(2, count)], strings[0], environment);
    }
}
