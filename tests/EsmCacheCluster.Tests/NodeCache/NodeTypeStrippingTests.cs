using System.Text;
using EsmCacheCluster.NodeCache;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>What a stripped-TypeScript entry may hold, and its names, checked against what Node 24 wrote and stripped.</summary>
public sealed class NodeTypeStrippingTests
{
    // Node 24.22's stripTypeScriptTypes on this source: types blanked by spaces, by U+00A0 and U+FEFF for two- and
    // three-byte characters, and a semicolon where removing "as any" would join two statements.
    private static readonly byte[] Source = Encoding.UTF8.GetBytes("const s: \"\u00e9\U0001F600\" = \"\u00e9\U0001F600\";\nlet a = b as any\n[1].forEach(x => x)\n");
    private static readonly byte[] Stripped = Convert.FromHexString(
        "636f6e73742073202020c2a020efbbbf20203d2022c3a9f09f9880223b0a" + Convert.ToHexStringLower("let a = b ;     \n[1].forEach(x => x)\n"u8));

    [Fact]
    public void Nodes_own_stripping_passes()
    {
        Assert.Null(NodeTypeStripping.CheckStripped(Source, Stripped));
        Assert.Null(NodeTypeStripping.CheckStripped(Source, Source));
    }

    [Fact]
    public void A_text_that_adds_code_or_moves_a_line_is_refused()
    {
        byte[] added = (byte[])Stripped.Clone();
        added[Array.IndexOf(added, (byte)' ', 10)] = (byte)'x';
        Assert.Contains("not a stripping", NodeTypeStripping.CheckStripped(Source, added));

        byte[] joined = (byte[])Stripped.Clone();
        joined[Array.IndexOf(joined, (byte)'\n')] = (byte)' ';
        Assert.Contains("not a stripping", NodeTypeStripping.CheckStripped(Source, joined));

        byte[] ligature = (byte[])Stripped.Clone();
        int feff = Convert.ToHexStringLower(ligature).IndexOf("efbbbf", StringComparison.Ordinal) / 2;
        ligature[feff + 2] = 0xbb; // U+FEFB, a letter, not a space
        Assert.Contains("not a stripping", NodeTypeStripping.CheckStripped(Source, ligature));

        Assert.Contains("bytes", NodeTypeStripping.CheckStripped(Source, Stripped.AsSpan(1)));
    }

    [Theory]
    [InlineData("a.ts", true)]
    [InlineData("a.mts", true)]
    [InlineData("a.cts", true)]
    [InlineData("a.d.ts", false)]
    [InlineData("a.d.mts", false)]
    [InlineData("a.tsx", false)]
    [InlineData("a.js", false)]
    public void Typescript_files_are_those_node_strips(string name, bool stripped) =>
        Assert.Equal(stripped, NodeTypeStripping.IsTypeScript(name));

    [Fact]
    public void Entry_names_and_the_cached_text_are_nodes()
    {
        // From Node 24's own folder: CRC32 of type 2 and the file URL (ES module loader) or the path (CommonJS loader).
        Assert.Equal("915915be", NodeCacheEntry.StrippedTypeScriptFileName("/tmp/tsx/main.mts", loadedAsModule: true));
        Assert.Equal("5e4712f7", NodeCacheEntry.StrippedTypeScriptFileName("/tmp/tsx/main.cts", loadedAsModule: false));
        Assert.Equal("const x         = 1;\n\n\n//# sourceURL=file:///a%20b/x.ts"u8.ToArray(),
            NodeTypeStripping.CachedText("const x         = 1;\n"u8, "\n\n//# sourceURL=", "/a b/x.ts"));
    }
}
