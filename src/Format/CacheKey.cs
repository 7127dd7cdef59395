using System.Diagnostics.CodeAnalysis;

namespace EsmCacheCluster.Format;

/// <summary>
/// What a cached record is for: the SHA-256 of the source bytes and the options that change what JavaScript they
/// become. Same bytes and options: one record across the cluster; same bytes under other options: another record.
/// Plain JavaScript's key is its hash alone, so a hash converts to a key.
/// </summary>
public readonly record struct CacheKey(ContentHash Hash, TransformOptions Transform)
{
    public static implicit operator CacheKey(ContentHash hash) => new(hash, TransformOptions.None);

    /// <summary>The hash in lowercase hex, then <c>.</c> and the transform's variant unless it is none.</summary>
    public override string ToString() => Transform.IsNone ? Hash.ToString() : $"{Hash}.{Transform.Variant}";

    /// <summary>Parses exactly what <see cref="ToString"/> writes; any other spelling of a key is refused.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CacheKey key)
    {
        key = default;
        if (text is null || text.Length < ContentHash.Size * 2)
        {
            return false;
        }

        var hex = text.AsSpan(0, ContentHash.Size * 2);
        foreach (char c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        if (!ContentHash.TryParse(hex, out var hash))
        {
            return false;
        }

        if (text.Length == ContentHash.Size * 2)
        {
            key = hash;
            return true;
        }

        if (text[ContentHash.Size * 2] != '.' || !TransformOptions.TryParseVariant(text[(ContentHash.Size * 2 + 1)..], out var transform) || transform.IsNone)
        {
            return false;
        }

        key = new CacheKey(hash, transform);
        return true;
    }
}
