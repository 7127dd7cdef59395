namespace EsmCacheCluster.NodeCache;

/// <summary>What Node will load a file as, by its rules: the extension, else the nearest package.json's "type", else its syntax.</summary>
public enum NodeModuleFormat
{
    CommonJs,
    EsModule,

    /// <summary>A .js file no package.json "type" claims: CommonJS unless only ES module syntax parses (Node's detection).</summary>
    Detect,

    /// <summary>A .ts, .mts or .cts file: the entry is its types stripped (<see cref="NodeCacheKind.StrippedTypeScript"/>).</summary>
    TypeScript,
}
