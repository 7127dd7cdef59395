using System.Text;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// Node's type stripping as its compile cache keeps it: which files are TypeScript, whether a stripped text can be the
/// stripping of a source, and the text Node caches for a file (the stripped text, then a <c>sourceURL</c> comment
/// naming the file, so the cached text depends on the path while the stripping does not).
/// </summary>
public static class NodeTypeStripping
{
    private static readonly string[] Extensions = [".ts", ".mts", ".cts"];

    private static readonly string[] DeclarationSuffixes = [".d.ts", ".d.mts", ".d.cts"];

    /// <summary>Whether Node strips <paramref name="path"/>'s types when it loads it: .ts, .mts and .cts, not declaration files (which hold no code).</summary>
    public static bool IsTypeScript(string path)
    {
        if (Array.IndexOf(Extensions, Path.GetExtension(path)) < 0)
        {
            return false;
        }

        foreach (var suffix in DeclarationSuffixes)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="stripped"/> can be <paramref name="source"/> with its types stripped in Node's strip
    /// mode: the same UTF-8 length, line breaks where they were, and every other byte kept or blanked — by a space, a
    /// semicolon (Node adds one where removing a type would join two statements), or a no-break or zero-width
    /// no-break space standing in for a removed character of two or three bytes. Null when it can; otherwise what
    /// is wrong. Nothing can be added this way, so an entry that passes holds no code its file does not.
    /// </summary>
    public static string? CheckStripped(ReadOnlySpan<byte> source, ReadOnlySpan<byte> stripped)
    {
        if (stripped.Length != source.Length)
        {
            return $"a stripped text of {stripped.Length} bytes for a source of {source.Length}";
        }

        for (int i = 0; i < source.Length;)
        {
            if (stripped[i] == source[i])
            {
                i++;
                continue;
            }

            int blank = stripped[i..] switch
            {
                [(byte)' ' or (byte)';', ..] => 1,
                [0xc2, 0xa0, ..] => 2,
                [0xef, 0xbb, 0xbf, ..] => 3,
                _ => 0,
            };
            if (blank == 0 || source.Slice(i, blank).IndexOfAny((byte)'\n', (byte)'\r') >= 0)
            {
                return $"byte {i} is 0x{stripped[i]:x2} where the source has 0x{source[i]:x2}: not a stripping of this source";
            }

            i += blank;
        }

        return null;
    }

    /// <summary>The text Node keeps for a TypeScript file: <paramref name="stripped"/>, <paramref name="sourceUrlPrefix"/> (learned from the runtime) and the file's URL.</summary>
    public static byte[] CachedText(ReadOnlySpan<byte> stripped, string sourceUrlPrefix, string fullPath)
    {
        byte[] suffix = Encoding.UTF8.GetBytes(sourceUrlPrefix + NodeCacheEntry.FileUrl(fullPath));
        return [.. stripped, .. suffix];
    }
}
