using EsmCacheCluster.Grains.Interfaces;
using EsmCacheCluster.NodeCache;

namespace EsmCacheCluster.Grains;

/// <summary>A node entry key's format as the compiler knows it, and back (the contract's enum cannot see NodeCache's).</summary>
public static class NodeEntryFormats
{
    public static NodeModuleFormat ToModuleFormat(this NodeEntryFormat format) => format switch
    {
        NodeEntryFormat.CommonJs => NodeModuleFormat.CommonJs,
        NodeEntryFormat.EsModule => NodeModuleFormat.EsModule,
        NodeEntryFormat.TypeScript => NodeModuleFormat.TypeScript,
        _ => NodeModuleFormat.Detect,
    };

    public static NodeEntryFormat ToEntryFormat(this NodeModuleFormat format) => format switch
    {
        NodeModuleFormat.CommonJs => NodeEntryFormat.CommonJs,
        NodeModuleFormat.EsModule => NodeEntryFormat.EsModule,
        NodeModuleFormat.TypeScript => NodeEntryFormat.TypeScript,
        _ => NodeEntryFormat.Detect,
    };
}
