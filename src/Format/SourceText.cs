using System.Text;

namespace EsmCacheCluster.Format;

/// <summary>Turns module source bytes into the string the parser and V8 see, as Node does for ES modules.</summary>
public static class SourceText
{
    /// <summary>UTF-8 with an optional BOM stripped; invalid sequences become U+FFFD, as in Node's module loader.</summary>
    public static string Decode(ReadOnlySpan<byte> source)
    {
        if (source.StartsWith(Encoding.UTF8.Preamble))
        {
            source = source[Encoding.UTF8.Preamble.Length..];
        }

        return Encoding.UTF8.GetString(source);
    }
}
