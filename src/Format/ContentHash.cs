using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EsmCacheCluster.Format;

/// <summary>
/// The SHA-256 of a module's source bytes: the cache key everywhere (grain key, file name, BMES header).
/// Held inline as four words so that records and dictionaries keyed by it allocate nothing.
/// </summary>
public readonly struct ContentHash : IEquatable<ContentHash>
{
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    public ContentHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A content hash is {Size} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Hashes <paramref name="source"/> exactly as given (no decoding, no BOM handling).</summary>
    public static ContentHash Compute(ReadOnlySpan<byte> source)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(source, digest);
        return new ContentHash(digest);
    }

    /// <summary>The first byte of the digest (the shard of <see cref="BmesDirectory"/>).</summary>
    public byte FirstByte => (byte)(_a >> 56);

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>Lowercase hex, the form used for grain keys and file names.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Parses 64 hex digits; anything else (length, non-hex characters) is rejected.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out ContentHash hash)
    {
        hash = default;
        if (hex.Length != Size * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            return false;
        }

        hash = new ContentHash(bytes);
        return true;
    }

    public static ContentHash Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException($"'{hex}' is not a SHA-256 in hex (64 hex digits).");

    public bool Equals(ContentHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    // The hash is uniformly distributed already: any 32 bits of it are a good hash code.
    public override int GetHashCode() => (int)_a;

    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);
}
