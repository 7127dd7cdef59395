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

    /// <summary>1-based line and column (UTF-16 code units) of an offset, counting JavaScript's line terminators.</summary>
    public static (int Line, int Column) Position(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset && i < text.Length; i++)
        {
            if (IsLineEnd(text, i))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    /// <summary>The offset of a 1-based line and column, as <see cref="Position"/> counts them; -1 when outside the text.</summary>
    public static int Offset(string text, int line, int column)
    {
        int start = 0;
        for (int current = 1; current < line; current++)
        {
            while (start < text.Length && !IsLineEnd(text, start))
            {
                start++;
            }

            if (start >= text.Length)
            {
                return -1;
            }

            start++;
        }

        int offset = start + column - 1;
        return offset >= 0 && offset < text.Length ? offset : -1;
    }

    // \r\n ends one line, at its \n.
    private static bool IsLineEnd(string text, int i) =>
        text[i] switch
        {
            '\n' or '\u2028' or '\u2029' => true,
            '\r' => i + 1 >= text.Length || text[i + 1] != '\n',
            _ => false,
        };
}
