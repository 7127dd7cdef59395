namespace EsmCacheCluster.NodeCache;

public static class NodeModuleFormatExtensions
{
    /// <summary>
    /// Whether a source asked for as <paramref name="format"/> may have been compiled as <paramref name="kind"/>: as
    /// asked, either for a detected format, and only its stripped text for TypeScript. An answer of another kind, from
    /// whatever made it, is not the file's entry.
    /// </summary>
    public static bool Allows(this NodeModuleFormat format, NodeCacheKind kind) => format switch
    {
        NodeModuleFormat.CommonJs => kind == NodeCacheKind.CommonJs,
        NodeModuleFormat.EsModule => kind == NodeCacheKind.EsModule,
        NodeModuleFormat.TypeScript => kind == NodeCacheKind.StrippedTypeScript,
        _ => kind is NodeCacheKind.CommonJs or NodeCacheKind.EsModule,
    };
}
