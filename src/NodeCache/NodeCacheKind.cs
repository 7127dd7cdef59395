namespace EsmCacheCluster.NodeCache;

/// <summary>What Node compiled an entry's source as: the type byte its compile cache hashes into each entry's name.</summary>
public enum NodeCacheKind : byte
{
    /// <summary>A CommonJS module, keyed by its absolute path.</summary>
    CommonJs = 0,

    /// <summary>An ES module, keyed by its <c>file://</c> URL.</summary>
    EsModule = 1,
}
