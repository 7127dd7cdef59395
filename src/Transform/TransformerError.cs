namespace EsmCacheCluster.Transform;

/// <summary>
/// An error a transformer reported: its code (<c>UnsupportedSyntax</c>, <c>TS1005</c>, or empty), the line (1-based)
/// and column (0-based code units for amaro and TypeScript, 1-based for sucrase) it names, and its message.
/// </summary>
internal readonly record struct TransformerError(string Code, int Line, int Column, string Message)
{
    /// <summary>An error as TransformHost.js encodes it after its prefix letter: <c>code|line|column|message</c>.</summary>
    public static TransformerError Parse(ReadOnlySpan<char> encoded)
    {
        int a = encoded.IndexOf('|');
        string code = encoded[..a].ToString();
        encoded = encoded[(a + 1)..];
        int b = encoded.IndexOf('|');
        int line = int.TryParse(encoded[..b], out int l) ? l : 0;
        encoded = encoded[(b + 1)..];
        int c = encoded.IndexOf('|');
        int column = int.TryParse(encoded[..c], out int col) ? col : 0;
        return new TransformerError(code, line, column, encoded[(c + 1)..].ToString());
    }
}
