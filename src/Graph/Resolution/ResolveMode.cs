namespace EsmCacheCluster.Graph.Resolution;

/// <summary>How specifiers are resolved.</summary>
public enum ResolveMode
{
    /// <summary>Node's ESM algorithm exactly: full paths and extensions, exports/imports maps, no directory imports.</summary>
    Node,

    /// <summary>
    /// What most monorepo bundlers accept on top of Node's rules: extensionless files, directory index files,
    /// and the <c>module</c> then <c>main</c> fields of packages without an exports map.
    /// </summary>
    Bundler,

    /// <summary>
    /// TypeScript's resolution for imports from files a tsconfig.json covers (under that tsconfig's
    /// <c>moduleResolution</c>, <c>paths</c>, <c>baseUrl</c>, conditions), Node's for every other file.
    /// </summary>
    Auto,
}
