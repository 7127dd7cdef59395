namespace EsmCacheCluster.NodeCache;

/// <summary>What Node compiled an entry's source as: the type byte its compile cache hashes into each entry's name.</summary>
public enum NodeCacheKind : byte
{
    /// <summary>A CommonJS module, keyed by its absolute path.</summary>
    CommonJs = 0,

    /// <summary>An ES module, keyed by its <c>file://</c> URL.</summary>
    EsModule = 1,

    /// <summary>
    /// A TypeScript file's types stripped by Node (22.18 or later, strip mode): the entry holds the JavaScript text,
    /// not V8's code, keyed by the path or URL the file loads by. Node compiles that text itself.
    /// </summary>
    StrippedTypeScript = 2,
}
