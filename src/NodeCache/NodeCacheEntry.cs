using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// One entry of Node's compile cache as Node 22.1 to 26 write it: five little-endian 32-bit words — magic, code
/// size, cache size, code hash (CRC32 of the source as the runtime hashes it, see <see cref="NodeRuntime.HashedSource"/>),
/// cache hash (CRC32 of the payload) — then V8's cached data. V8 checks the payload's version and flags and the
/// source's length, not what the code does: a payload is only as trustworthy as whoever made it.
/// </summary>
public static class NodeCacheEntry
{
    public const uint Magic = 0x8adfdbb2;

    public const int HeaderBytes = 20;

    /// <summary>The largest payload accepted from anywhere: V8's cached data for the largest real bundles is a few MB.</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    /// <summary>The entry for <paramref name="source"/> (the file's bytes as the runtime hashes them) with <paramref name="payload"/>.</summary>
    public static byte[] Compose(ReadOnlySpan<byte> source, ReadOnlySpan<byte> payload)
    {
        if (payload.Length is 0 or > MaxPayloadBytes)
        {
            throw new ArgumentException($"a payload of {payload.Length} bytes (1 to {MaxPayloadBytes})", nameof(payload));
        }

        var entry = new byte[HeaderBytes + payload.Length];
        var header = entry.AsSpan(0, HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)source.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Crc32.HashToUInt32(source));
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Crc32.HashToUInt32(payload));
        payload.CopyTo(entry.AsSpan(HeaderBytes));
        return entry;
    }

    /// <summary>
    /// Whether <paramref name="entry"/> is whole and belongs to <paramref name="source"/>: <see cref="CheckWhole"/>, and
    /// the code size and hash Node will compare with the file it loads. Null when it does; otherwise what is wrong.
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> source)
    {
        if (CheckWhole(entry) is { } problem)
        {
            return problem;
        }

        uint codeSize = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
        if (codeSize != source.Length)
        {
            return $"made for a source of {codeSize} bytes, not this one's {source.Length}";
        }

        return Crc32.HashToUInt32(source) == BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]) ? null : "made for another source of the same size";
    }

    /// <summary>
    /// <see cref="Check(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> for an entry of <paramref name="kind"/>: a
    /// stripped-TypeScript entry's text must also be a stripping of the source (<see cref="NodeTypeStripping.CheckStripped"/>),
    /// since Node runs that text as it is.
    /// </summary>
    public static string? Check(NodeCacheKind kind, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> source) =>
        Check(entry, source) ?? (kind == NodeCacheKind.StrippedTypeScript ? NodeTypeStripping.CheckStripped(source, Payload(entry)) : null);

    /// <summary>Whether <paramref name="entry"/> is one entry, whole: the magic, the payload's size and its checksum. Null when it is.</summary>
    public static string? CheckWhole(ReadOnlySpan<byte> entry)
    {
        if (entry.Length < HeaderBytes)
        {
            return $"{entry.Length} bytes, shorter than the {HeaderBytes}-byte header";
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(entry);
        if (magic != Magic)
        {
            return $"magic 0x{magic:x8}, not 0x{Magic:x8}";
        }

        uint cacheSize = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
        if (cacheSize == 0 || cacheSize > MaxPayloadBytes || cacheSize != entry.Length - HeaderBytes)
        {
            return $"a payload of {entry.Length - HeaderBytes} bytes under a header that says {cacheSize}";
        }

        return Crc32.HashToUInt32(entry[HeaderBytes..]) == BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]) ? null : "the payload does not match its checksum";
    }

    /// <summary>The payload of an entry <see cref="Check"/> accepted.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> entry) => entry[HeaderBytes..];

    /// <summary>The entry's file name in its runtime's folder: CRC32 of the kind byte and the key, as 8 lowercase hex digits.</summary>
    /// <remarks>The key is the path for CommonJS and the <c>file://</c> URL for ES modules; a stripped-TypeScript entry's key depends on how the file loads (<see cref="StrippedTypeScriptFileName"/>).</remarks>
    public static string FileName(NodeCacheKind kind, string fullPath) => kind switch
    {
        NodeCacheKind.CommonJs => Name(kind, fullPath),
        NodeCacheKind.EsModule => Name(kind, FileUrl(fullPath)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a stripped-TypeScript entry is named by how its file loads"),
    };

    /// <summary>The file name of a TypeScript file's stripped-text entry: keyed by its URL when the ES module loader strips it, by its path when the CommonJS loader does.</summary>
    public static string StrippedTypeScriptFileName(string fullPath, bool loadedAsModule) =>
        Name(NodeCacheKind.StrippedTypeScript, loadedAsModule ? FileUrl(fullPath) : fullPath);

    private static string Name(NodeCacheKind kind, string key)
    {
        var crc = new Crc32();
        crc.Append([(byte)kind]);
        crc.Append(Encoding.UTF8.GetBytes(key));
        return crc.GetCurrentHashAsUInt32().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Node's <c>url.pathToFileURL(path).href</c> on POSIX: the path's UTF-8 bytes, percent-encoded where the URL path
    /// would not keep them (controls, space, <c>"#%&lt;&gt;?`{}</c>, backslash, and anything beyond ASCII).
    /// </summary>
    public static string FileUrl(string fullPath)
    {
        if (!fullPath.StartsWith('/'))
        {
            throw new ArgumentException($"not an absolute POSIX path: {fullPath}", nameof(fullPath));
        }

        var url = new StringBuilder("file://", fullPath.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(fullPath))
        {
            if (b <= 0x20 || b >= 0x7f || b is (byte)'"' or (byte)'#' or (byte)'%' or (byte)'<' or (byte)'>' or (byte)'?' or (byte)'`' or (byte)'{' or (byte)'}' or (byte)'\\')
            {
                url.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                url.Append((char)b);
            }
        }

        return url.ToString();
    }
}
